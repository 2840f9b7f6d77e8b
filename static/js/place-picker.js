/* The initiative form's map: place the initiative by choosing a point (progressive
 * enhancement). Without JavaScript the latitude and longitude fields are typed, or left
 * empty for the centre of the town; with it, a click on the map or a moved marker fills
 * them, and typing in them moves the marker.
 */
(function () {
  "use strict";

  function number(input) {
    var value = parseFloat(String(input.value).replace(",", "."));
    return isNaN(value) ? null : value;
  }

  function setUp(box) {
    var canvas = box.querySelector("[data-map-canvas]");
    var latitude = document.getElementById(box.dataset.latitudeInput);
    var longitude = document.getElementById(box.dataset.longitudeInput);
    if (!canvas || !latitude || !longitude || !window.L) {
      return;
    }
    box.hidden = false;
    var map = window.L.map(canvas, { scrollWheelZoom: false });
    window.L.tileLayer(box.dataset.tileUrl, {
      attribution: box.dataset.attribution,
      maxZoom: 19
    }).addTo(map);
    var marker = null;

    function place(latlng, fromInputs) {
      if (!marker) {
        marker = window.L.marker(latlng, { draggable: true, keyboard: true, title: "", alt: "" });
        marker.on("dragend", function () { place(marker.getLatLng(), false); });
        marker.addTo(map);
      } else {
        marker.setLatLng(latlng);
      }
      if (!fromInputs) {
        latitude.value = latlng.lat.toFixed(6);
        longitude.value = latlng.lng.toFixed(6);
      }
    }

    var lat = number(latitude);
    var lng = number(longitude);
    if (lat !== null && lng !== null) {
      map.setView([lat, lng], 16);
      place(window.L.latLng(lat, lng), true);
    } else if (box.dataset.centre) {
      var centre = box.dataset.centre.split(",").map(parseFloat);
      map.setView(centre, 14);
    } else {
      map.setView([46.6, 2.5], 5);
    }
    map.on("click", function (event) { place(event.latlng, false); });
    [latitude, longitude].forEach(function (input) {
      input.addEventListener("change", function () {
        var a = number(latitude);
        var b = number(longitude);
        if (a !== null && b !== null) {
          place(window.L.latLng(a, b), true);
          map.panTo([a, b]);
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-place-picker]").forEach(setUp);
  });
})();
