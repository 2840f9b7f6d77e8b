/* The directory's map ("Participer près de chez moi"): progressive enhancement.
 *
 * Without JavaScript, or without Leaflet, the section stays hidden and the list of
 * initiatives below it says everything. With them, the map shows the initiatives of the
 * list's filters, read from the GeoJSON of the same address (data-geojson-url). The tile
 * server and its attribution come from the page (settings MAP_TILE_URL and
 * MAP_TILE_ATTRIBUTION); when tiles cannot load, the markers still show on a plain
 * background, each a link to the initiative's page.
 */
(function () {
  "use strict";

  function popup(feature) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = feature.properties.url;
    link.textContent = feature.properties.name;
    box.appendChild(link);
    var where = document.createElement("p");
    where.textContent = feature.properties.kind_label + " – " + feature.properties.commune;
    box.appendChild(where);
    return box;
  }

  function setUp(section) {
    var canvas = section.querySelector("[data-map-canvas]");
    if (!canvas || !window.L || !window.fetch) {
      return;
    }
    section.hidden = false;
    var map = window.L.map(canvas, { scrollWheelZoom: false });
    map.setView([46.6, 2.5], 5);
    window.L.tileLayer(section.dataset.tileUrl, {
      attribution: section.dataset.attribution,
      maxZoom: 19
    }).addTo(map);
    fetch(section.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (collection) {
        var layer = window.L.geoJSON(collection, {
          pointToLayer: function (feature, latlng) {
            var name = feature.properties.name;
            return window.L.marker(latlng, { title: name, alt: name, keyboard: true });
          },
          onEachFeature: function (feature, marker) {
            marker.bindPopup(popup(feature));
          }
        }).addTo(map);
        var count = collection.features.length;
        section.dataset.markerCount = String(count);
        if (count > 0) {
          map.fitBounds(layer.getBounds(), { padding: [30, 30], maxZoom: 15 });
        }
      })
      .catch(function () {
        section.hidden = true;
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-directory-map]").forEach(setUp);
  });
})();
