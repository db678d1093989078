import pytest
from pydantic import SecretStr, ValidationError

from app.settings import DEFAULT_SECRET, Settings


@pytest.mark.parametrize("secret", [DEFAULT_SECRET, ""])
def test_production_refuses_a_default_or_empty_secret(secret: str) -> None:
    with pytest.raises(ValidationError, match="SWITCHBOARD_SECRET_KEY"):
        Settings(_env_file=None, environment="production", secret_key=SecretStr(secret))


def test_production_starts_with_its_own_secret() -> None:
    settings = Settings(_env_file=None, environment="production", secret_key=SecretStr("x" * 40))
    assert settings.environment == "production"


def test_development_keeps_the_default_secret() -> None:
    assert Settings(_env_file=None).secret_key.get_secret_value() == DEFAULT_SECRET
