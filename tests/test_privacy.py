"""Phone numbers sealed at rest: encrypted and authenticated, readable only with the key."""

import pytest

from app.kernel.privacy import UnsealError, seal, unseal
from app.settings import Settings

PHONE = "+18025550142"


def test_a_sealed_number_reads_back_only_with_its_key() -> None:
    sealed = seal(PHONE, key="the key")
    assert "5550142" not in sealed
    assert sealed != seal(PHONE, key="the key"), "a fresh IV each time: equal numbers do not match"
    assert unseal(sealed, key="the key") == PHONE
    with pytest.raises(UnsealError):
        unseal(sealed, key="another key")
    with pytest.raises(UnsealError):
        unseal(sealed[:-4] + "AAAA", key="the key")


def test_the_sealing_key_is_its_own_setting_or_derived_from_the_secret() -> None:
    derived = Settings(_env_file=None, secret_key="s" * 40)
    own = Settings(_env_file=None, secret_key="s" * 40, phone_encryption_key="k" * 40)
    assert derived.phone_sealing_key != "s" * 40, "not the secret itself (a key of its own use)"
    assert own.phone_sealing_key == "k" * 40
    assert unseal(seal(PHONE, key=derived.phone_sealing_key), key=derived.phone_sealing_key) == PHONE
