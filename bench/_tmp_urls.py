from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.template import engines
from bench.urls import urlpatterns as bench_patterns

tpl = engines["django"].from_string('{% extends "base.html" %}{% block content %}<p>x</p>{% endblock %}')

@login_required
def base(request):
    from django.http import HttpResponse
    return HttpResponse(tpl.render({}, request))

urlpatterns = [path("bench/base/", base), *bench_patterns]
