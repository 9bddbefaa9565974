from django.urls import path

from dossiers.views import conservation

urlpatterns = [
    path("conservation/", conservation.a_decider, name="conservation"),
    path(
        "conservation/<str:numero>/maintenir/",
        conservation.maintenir,
        name="conservation_maintenir",
    ),
    path(
        "conservation/<str:numero>/archiver/", conservation.archiver, name="conservation_archiver"
    ),
    path("archives/", conservation.archives, name="archives"),
]
