"""Personal data and key material stay out of reprs and error text."""

from __future__ import annotations

from pathlib import Path

import pytest
import sample_applications as samples

from fincard_async import (
    AnswerLimits,
    ConfigurationError,
    FincardClient,
    HyperCardConfig,
    ServerError,
)
from fincard_async._exceptions import MAX_MESSAGE_CHARS, MAX_SERVER_MESSAGE_CHARS, make_status_error
from fincard_async._generated.models import CardApplyRequest, LoginRequest

KEY = Path(__file__).parents[1] / "unit" / "vectors" / "test_key.pem"


def test_model_reprs_hide_every_personal_field() -> None:
    base, kyc = samples.base_info(user_ip="198.51.100.7"), samples.kyc_info()
    text = repr(CardApplyRequest(mc_trade_no="N1", base_info=base, kyc_info=kyc))
    for value in (base.email, base.first_name, base.last_name, base.mobile, base.user_ip):
        assert str(value) not in text
    for value in (kyc.address, kyc.birthday, kyc.city, kyc.doc_no, kyc.emergency_contact):
        assert value not in text
    assert kyc.zip_code not in text
    assert "card_type_id='10001'" in text  # what is not personal stays readable
    login = repr(LoginRequest(email="ann@example.com", password="pw-77", tenant_id="T"))
    assert "ann@example.com" not in login
    assert "pw-77" not in login


def test_a_long_server_message_is_cut_in_str_but_kept_whole() -> None:
    msg = "echo: " + "x" * 5000
    error = make_status_error(operation="applyCard", status_code=200, code="B0000", msg=msg)
    assert isinstance(error, ServerError)
    text = str(error)
    assert "x" * MAX_SERVER_MESSAGE_CHARS not in text
    assert "5,006" not in text
    assert "more characters; full text on .msg" in text
    assert len(text) < MAX_MESSAGE_CHARS
    assert error.msg == msg
    assert repr(error) == f"ServerError({text!r})"


def test_hidden_values_never_show_even_inside_the_cut() -> None:
    error = make_status_error(
        operation="applyCard", status_code=400, code="A0003", msg='bad {"doc_no":"X1234567"}'
    )
    error.hide(["X1234567", "ab"])  # too short to hide safely: left alone
    assert "X1234567" not in str(error)
    assert "<redacted>" in str(error)
    assert "X1234567" not in repr(error)


def test_a_key_line_passed_as_private_key_is_never_echoed() -> None:
    line = KEY.read_text().splitlines()[2]
    config = HyperCardConfig(base_url="https://h.example", api_key="M", private_key=line)
    with pytest.raises(ConfigurationError) as info:
        FincardClient(hypercard=config)
    assert line not in str(info.value)
    assert "(value not shown)" in str(info.value)


def test_a_key_file_name_is_still_shown(tmp_path: Path) -> None:
    missing = str(tmp_path / "merchant.pem")
    config = HyperCardConfig(base_url="https://h.example", api_key="M", private_key=missing)
    with pytest.raises(ConfigurationError, match=r"merchant\.pem"):
        FincardClient(hypercard=config)


@pytest.mark.parametrize(("field", "value"), [("max_body_bytes", 0), ("max_depth", 101)])
def test_answer_limits_are_validated(field: str, value: int) -> None:
    with pytest.raises(ConfigurationError, match=field):
        AnswerLimits(**{field: value})


@pytest.mark.parametrize("value", ["5", True, [1]])
def test_option_numbers_of_the_wrong_type_are_configuration_errors(value: object) -> None:
    from fincard_async import RetryPolicy, Timeout

    with pytest.raises(ConfigurationError, match="must be a number"):
        Timeout(connect=value)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="must be a number"):
        RetryPolicy(max_retries=value)  # type: ignore[arg-type]
