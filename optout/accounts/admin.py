from allauth.account.decorators import secure_admin_login
from django.contrib import admin

from .models import PlatformAccount, Profile

# The admin has no login form of its own: it sends people to the allauth login, which asks for the
# second factor and applies the rate limits (issue 12: a superuser with TOTP got in with the password alone).
admin.site.login = secure_admin_login(admin.site.login)

admin.site.register(Profile)
admin.site.register(PlatformAccount)
