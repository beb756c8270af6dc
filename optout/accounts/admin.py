from django.contrib import admin

from .models import PlatformAccount, Profile

admin.site.register(Profile)
admin.site.register(PlatformAccount)
