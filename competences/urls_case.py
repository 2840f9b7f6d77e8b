"""The read-only 1EdTech CASE 1.1 provider, under /ims/case/v1p1/ (see docs/exchange-case.md).

The 12 operations of the CASE Service 1.1 REST binding, its discovery file (§2.5), two
Jalons additions (rubric criteria and criterion levels, so that every ``uri`` of a package
answers) and, last, every other address: a 404 CASE status object, never an HTML page.
"""

from django.urls import path, re_path

from competences.views import case_api

app_name = "case"

urlpatterns = [
    # getAllCFDocuments, getCFDocument, getCFPackage, getCFItem, getCFItemAssociations
    path("CFDocuments", case_api.documents, name="documents"),
    path("CFDocuments/<str:identifier>", case_api.document, name="document"),
    path("CFPackages/<str:identifier>", case_api.package, name="package"),
    path("CFItems/<str:identifier>", case_api.item, name="item"),
    path(
        "CFItemAssociations/<str:identifier>",
        case_api.item_associations,
        name="item-associations",
    ),
    # getCFAssociation, getCFRubric, getCFItemType, getCFLicense
    path("CFAssociations/<str:identifier>", case_api.association, name="association"),
    path("CFRubrics/<str:identifier>", case_api.rubric, name="rubric"),
    path("CFItemTypes/<str:identifier>", case_api.item_type, name="item-type"),
    path("CFLicenses/<str:identifier>", case_api.licence, name="licence"),
    # getCFConcept, getCFSubject, getCFAssociationGrouping: none in Jalons frameworks
    path("CFConcepts/<str:identifier>", case_api.none_here, name="concept"),
    path("CFSubjects/<str:identifier>", case_api.none_here, name="subject"),
    path(
        "CFAssociationGroupings/<str:identifier>",
        case_api.none_here,
        name="association-grouping",
    ),
    # Jalons additions: the uris of rubric criteria and criterion levels
    path("CFRubricCriteria/<str:identifier>", case_api.criterion, name="criterion"),
    path(
        "CFRubricCriterionLevels/<str:identifier>",
        case_api.criterion_level,
        name="criterion-level",
    ),
    # Service discovery (binding §2.5)
    path(f"discovery/{case_api.DISCOVERY_FILE}", case_api.discovery, name="discovery"),
    re_path(r"^(?P<path>.*)$", case_api.unknown, name="unknown"),
]
