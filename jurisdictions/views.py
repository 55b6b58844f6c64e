from django.http import Http404


def search(request):
    raise Http404


def detail(request, slug):
    raise Http404


def choose_home(request):
    raise Http404


def following(request):
    raise Http404


def responsible(request):
    raise Http404
