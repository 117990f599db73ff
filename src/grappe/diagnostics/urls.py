from django.urls import path

from grappe.diagnostics import views

urlpatterns = [
    path("diagnostics/", views.diagnosis_index, name="diagnosis-index"),
    path("diagnostics/questionnaire/", views.questionnaire, name="diagnosis-questionnaire"),
    path("networks/<slug:slug>/diagnosis/", views.network_report, name="network-diagnosis"),
    path(
        "networks/<slug:slug>/diagnosis.pdf", views.network_report_pdf, name="network-diagnosis-pdf"
    ),
]
