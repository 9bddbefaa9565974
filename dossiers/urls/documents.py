from django.urls import path

from dossiers.views import documents

urlpatterns = [
    path("documents/<int:pk>/", documents.document, name="document"),
]
