"""Factories for the competence framework. They build drafts; publish with
``publish()`` (the service), because published content cannot be created directly."""

from __future__ import annotations

import factory

from competences.models import (
    Competence,
    CompetenceLevelDescriptor,
    Domain,
    ExternalAlignment,
    Framework,
    FrameworkVersion,
    ProficiencyLevel,
)
from competences.services.versions import version_publish


class FrameworkFactory(factory.django.DjangoModelFactory[Framework]):
    class Meta:
        model = Framework

    slug = factory.Sequence(lambda n: f"framework-{n}")
    name_fr = factory.Sequence(lambda n: f"Référentiel {n}")
    name_en = factory.Sequence(lambda n: f"Framework {n}")
    publisher = "Territoire"


class FrameworkVersionFactory(factory.django.DjangoModelFactory[FrameworkVersion]):
    class Meta:
        model = FrameworkVersion

    framework = factory.SubFactory(FrameworkFactory)
    label = factory.Sequence(lambda n: f"1.{n}")


class DomainFactory(factory.django.DjangoModelFactory[Domain]):
    class Meta:
        model = Domain

    version = factory.SubFactory(FrameworkVersionFactory)
    code = factory.Sequence(lambda n: f"D{n}")
    title_fr = factory.Sequence(lambda n: f"Domaine {n}")
    title_en = factory.Sequence(lambda n: f"Domain {n}")
    order = factory.Sequence(lambda n: n)


class CompetenceFactory(factory.django.DjangoModelFactory[Competence]):
    class Meta:
        model = Competence

    domain = factory.SubFactory(DomainFactory)
    version = factory.SelfAttribute("domain.version")
    code = factory.Sequence(lambda n: f"C.{n}")
    title_fr = factory.Sequence(lambda n: f"Compétence {n}")
    title_en = factory.Sequence(lambda n: f"Competence {n}")
    description_fr = "Faire quelque chose d'utile."
    description_en = "Do something useful."
    order = factory.Sequence(lambda n: n)


class ProficiencyLevelFactory(factory.django.DjangoModelFactory[ProficiencyLevel]):
    class Meta:
        model = ProficiencyLevel

    version = factory.SubFactory(FrameworkVersionFactory)
    number = factory.Sequence(lambda n: n + 1)
    name_fr = factory.LazyAttribute(lambda o: f"Niveau {o.number}")
    name_en = factory.LazyAttribute(lambda o: f"Level {o.number}")
    descriptor_fr = "Fait seul."
    descriptor_en = "Does it alone."


class CompetenceLevelDescriptorFactory(
    factory.django.DjangoModelFactory[CompetenceLevelDescriptor]
):
    class Meta:
        model = CompetenceLevelDescriptor

    competence = factory.SubFactory(CompetenceFactory)
    level = factory.SubFactory(
        ProficiencyLevelFactory, version=factory.SelfAttribute("..competence.version")
    )
    descriptor_fr = "Prépare avec de l'aide."
    descriptor_en = "Prepares with help."


class ExternalAlignmentFactory(factory.django.DjangoModelFactory[ExternalAlignment]):
    class Meta:
        model = ExternalAlignment

    competence = factory.SubFactory(CompetenceFactory)
    target_url = factory.Sequence(lambda n: f"http://data.europa.eu/esco/skill/test-{n}")
    target_framework = "ESCO v1.1.1"
    label_fr = "planifier"
    label_en = "plan"


def draft_with_content(
    *, framework: Framework | None = None, domains: int = 2, competences: int = 2, levels: int = 2
) -> FrameworkVersion:
    """A draft ready to publish, with one level text and one alignment per competence."""
    version = FrameworkVersionFactory.create(framework=framework or FrameworkFactory.create())
    scale = [ProficiencyLevelFactory(version=version, number=n) for n in range(1, levels + 1)]
    for d in range(1, domains + 1):
        domain = DomainFactory(version=version, code=f"D{d}", order=d)
        for c in range(1, competences + 1):
            competence = CompetenceFactory(domain=domain, code=f"D{d}.{c}", order=c)
            competence.keywords.add("écoute", "listening")
            CompetenceLevelDescriptorFactory(competence=competence, level=scale[0])
            ExternalAlignmentFactory(competence=competence)
    return version


def published_version(**kwargs: object) -> FrameworkVersion:
    return version_publish(version=draft_with_content(**kwargs))
