from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from grappe.site.selectors import home_page


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "site/home.html", home_page(user=request.user))
