"""The competence framework: frameworks, versions and their content."""

from competences.models.base import FRAMEWORK_LANGUAGES, Relation, Status, localized
from competences.models.content import (
    MAX_LEVEL,
    Competence,
    CompetenceLevelDescriptor,
    Domain,
    ExternalAlignment,
    ProficiencyLevel,
    TaggedCompetence,
)
from competences.models.framework import Framework, FrameworkVersion

__all__ = [
    "FRAMEWORK_LANGUAGES",
    "MAX_LEVEL",
    "Competence",
    "CompetenceLevelDescriptor",
    "Domain",
    "ExternalAlignment",
    "Framework",
    "FrameworkVersion",
    "ProficiencyLevel",
    "Relation",
    "Status",
    "TaggedCompetence",
    "localized",
]
