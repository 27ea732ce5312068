"""Dead letters keep why a message failed, never the personal data that made it fail.

The DLQ is a durable log that erasure does not reach (Ley 29733), so the error text in its
headers must not quote input values: not the row a database rejected, not a pydantic input.
"""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError, field_validator
from sqlalchemy import Column, Integer, MetaData, String, Table, insert
from sqlalchemy.exc import IntegrityError

from sazon.bus import describe_error
from sazon.store import make_engine

pytestmark = pytest.mark.integration

EMAIL = "rosa.quispe@example.pe"


def test_describe_error__a_rejected_row_is_not_quoted(store_url: str) -> None:
    engine = make_engine(store_url)
    people = Table(
        "dlq_people", MetaData(), Column("id", Integer, primary_key=True), Column("email", String)
    )
    people.metadata.create_all(engine)
    people_unique = "CREATE UNIQUE INDEX ux_dlq_people_email ON dlq_people (email)"
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(people_unique)
            conn.execute(insert(people).values(email=EMAIL))
        with pytest.raises(IntegrityError) as caught, engine.begin() as conn:
            conn.execute(insert(people).values(email=EMAIL))
    finally:
        engine.dispose()

    text = describe_error(caught.value)
    assert text.startswith("IntegrityError: ")
    assert "rosa" not in text.lower() and "DETAIL" not in text


def test_describe_error__a_validation_error_names_fields_not_values() -> None:
    class Contact(BaseModel):
        email: str
        age: int

        @field_validator("email")
        @classmethod
        def _has_at(cls, value: str) -> str:
            if "@" not in value:
                raise ValueError("not an e-mail address")
            return value

    with pytest.raises(ValidationError) as caught:
        Contact.model_validate({"email": "Rosa Quispe, alérgica al maní", "age": "treinta"})

    text = describe_error(caught.value)
    assert "email:" in text and "age:" in text
    assert "Rosa" not in text and "maní" not in text and "treinta" not in text
