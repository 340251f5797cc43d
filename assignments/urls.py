from django.urls import path

from .views import imports, registry

app_name = "registry"

urlpatterns = [
    path("communes/", registry.commune_list, name="commune_list"),
    path("communes/new/", registry.commune_edit, name="commune_new"),
    path("communes/<int:pk>/", registry.commune_detail, name="commune_detail"),
    path("communes/<int:pk>/edit/", registry.commune_edit, name="commune_edit"),
    path("agencies/", registry.agency_list, name="agency_list"),
    path("agencies/new/", registry.agency_edit, name="agency_new"),
    path("agencies/<int:pk>/", registry.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", registry.agency_edit, name="agency_edit"),
    path("cadres/", registry.cadre_list, name="cadre_list"),
    path("cadres/new/", registry.cadre_edit, name="cadre_new"),
    path("cadres/<int:pk>/", registry.cadre_detail, name="cadre_detail"),
    path("cadres/<int:pk>/edit/", registry.cadre_edit, name="cadre_edit"),
    path("cadres/<int:pk>/status/", registry.cadre_status, name="cadre_status"),
    path("import/", imports.import_start, name="import_start"),
    path("import/<int:pk>/", imports.import_preview, name="import_preview"),
    path("import/<int:pk>/status/", imports.import_status, name="import_status"),
    path("import/<int:pk>/map/", imports.import_map, name="import_map"),
    path("import/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("import/values/", imports.import_mappings, name="import_mappings"),
    path(
        "import/values/<int:pk>/delete/",
        imports.import_mapping_delete,
        name="import_mapping_delete",
    ),
    path("import/template/<slug:kind>.xlsx", imports.import_template, name="import_template"),
]
