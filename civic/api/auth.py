"""``/api/v1/auth/token/``: exchange an email and password for an API token, or revoke it.

Clients then send ``Authorization: Token <key>``. The password check goes through allauth's
adapter, so failures count against the same ``login_failed`` rate limit as the login page,
and with mandatory email verification an unverified address gets no token either.
"""

from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers, status, throttling
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from civic.services import citizen_token_issue, citizen_token_revoke


class TokenObtainSerializer(serializers.Serializer):
    email = serializers.EmailField(label=_("Email"))
    password = serializers.CharField(
        label=_("Password"),
        write_only=True,
        trim_whitespace=False,
        style={"input_type": "password"},
    )

    def validate(self, attrs: dict) -> dict:
        request = self.context["request"]._request
        try:
            citizen = get_adapter(request).authenticate(
                request, email=attrs["email"], password=attrs["password"]
            )
        except DjangoValidationError as error:
            # allauth's "Too many failed login attempts": a rate limit, so a 429.
            raise exceptions.Throttled(detail=" ".join(error.messages)) from error
        if citizen is None:
            raise serializers.ValidationError(
                _("Unable to log in with the provided email and password."),
                code="authorization",
            )
        if (
            account_settings.EMAIL_VERIFICATION
            == account_settings.EmailVerificationMethod.MANDATORY
            and not EmailAddress.objects.filter(
                user=citizen, email__iexact=attrs["email"], verified=True
            ).exists()
        ):
            raise serializers.ValidationError(
                _("Confirm your email address first: follow the link we sent you."),
                code="unverified",
            )
        attrs["citizen"] = citizen
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text=_("Send it as 'Token <token>'."))


class TokenObtainThrottle(throttling.SimpleRateThrottle):
    """Token requests per client address, signed in or not (password guessing)."""

    scope = "auth_token"
    default_rate = "10/min"

    def get_rate(self) -> str:
        # A deployment may tune it with REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth_token"].
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or self.default_rate

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenView(APIView):
    """Get (POST, with email and password) or revoke (DELETE, signed in) your API token."""

    def get_permissions(self):
        if self.request.method == "POST":
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.request.method == "POST":
            throttles.append(TokenObtainThrottle())
        return throttles

    @extend_schema(
        request=TokenObtainSerializer,
        responses={200: TokenSerializer},
        auth=[],
        summary="Get your API token",
    )
    def post(self, request):
        serializer = TokenObtainSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token = citizen_token_issue(citizen=serializer.validated_data["citizen"])
        return Response(TokenSerializer({"token": token.key}).data)

    @extend_schema(request=None, responses={204: None}, summary="Revoke your API token")
    def delete(self, request):
        citizen_token_revoke(citizen=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
