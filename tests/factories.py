import datetime

import factory

from accounts.models import Role, User
from cycles import cycle_settings
from cycles.models import Cycle
from org.models import District, Official, Post, RankLevel, Unit


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"测试{n}区")
    code = factory.Sequence(lambda n: f"d{n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"单位{n}")
    kind = Unit.Kind.DEPARTMENT


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"干部{n}")
    position = "局长"
    rank_level = RankLevel.DIVISION_CHIEF
    is_principal = True
    appointed_on = datetime.date(2022, 3, 1)

    @factory.post_generation
    def current_post(obj, create, extracted, **kwargs):
        if create:
            Post.objects.create(
                official=obj, unit=obj.unit, position=obj.position, rank_level=obj.rank_level,
                started_on=obj.appointed_on,
            )


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    district = factory.SubFactory(DistrictFactory)
    year = 2026
    settings = factory.LazyFunction(cycle_settings.defaults)
    pledge_deadline = factory.LazyAttribute(lambda o: datetime.date(o.year, 1, 31))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.STAFF
    is_staff = factory.LazyAttribute(lambda o: o.role != Role.OFFICIAL)
    is_superuser = factory.LazyAttribute(lambda o: o.role == Role.ADMIN)
    password = factory.django.Password("pw-for-tests-1")

    @factory.post_generation
    def districts(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.districts.set(extracted)
