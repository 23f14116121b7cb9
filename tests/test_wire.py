"""One definition of each wire type: the domain dataclasses. The server's response models are
generated from them and the client reads them back by their own type hints, so any value of any
field survives server → JSON → client, and a new field reaches the API without a second copy."""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from enum import Enum
from types import UnionType
from typing import Union, get_args, get_origin, get_type_hints

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.domain import (CounterState, CounterStatus, Event, IssuedTicket, ServiceQueue, Ticket,
                           TicketStatus)
from shared.http.wire import from_json, ticket_from_json
from shared.server import ServerSettings, create_app
from shared.server.models import wire_model
from shared.store.survey import Complaint

WIRE_TYPES = (Ticket, IssuedTicket, CounterState, ServiceQueue, Event, Complaint)


def strategy(tp):
    """Values of a field type, nested dataclasses included (times in UTC, as the store keeps them)."""
    origin = get_origin(tp)
    if origin in (Union, UnionType):
        return st.one_of(*(strategy(a) for a in get_args(tp)))
    if origin is tuple:
        return st.lists(strategy(get_args(tp)[0]), max_size=3).map(tuple)
    if tp is type(None):
        return st.none()
    if tp is datetime:
        return st.datetimes(timezones=st.just(timezone.utc))
    if tp is date:
        return st.dates()
    if isinstance(tp, type) and issubclass(tp, Enum):
        return st.sampled_from(list(tp))
    if tp is dict:
        return st.dictionaries(st.text(max_size=6), st.integers() | st.text(max_size=6), max_size=3)
    if dataclasses.is_dataclass(tp):
        hints = get_type_hints(tp)
        return st.builds(tp, **{f.name: strategy(hints[f.name]) for f in dataclasses.fields(tp)})
    return {str: st.text(max_size=12), int: st.integers(-10**9, 10**9), bool: st.booleans(),
            float: st.floats(allow_nan=False, allow_infinity=False)}[tp]


def over_the_wire(obj):
    """What the server sends (its generated model, as JSON text), read back by the client."""
    cls = type(obj)
    text = json.dumps(wire_model(cls).model_validate(obj).model_dump(mode="json"))
    return from_json(cls, json.loads(text))


@pytest.mark.parametrize("cls", WIRE_TYPES, ids=lambda c: c.__name__)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_field_survives_server_json_client(cls, data):
    obj = data.draw(strategy(cls))
    assert over_the_wire(obj) == obj


@pytest.mark.parametrize("cls", WIRE_TYPES, ids=lambda c: c.__name__)
def test_the_openapi_document_describes_exactly_the_dataclass_fields(cls, db_path, clock):
    schema = create_app(ServerSettings(db_path, clock=clock)).openapi()["components"]["schemas"]
    props = schema[f"{cls.__name__}Out"]["properties"]
    assert list(props) == [f.name for f in dataclasses.fields(cls)]


class Colour(str, Enum):
    RED = "red"


@dataclass(frozen=True)
class Slot:
    """A wire type that does not exist yet: what a later issue would add to the domain."""
    ticket: Ticket
    starts_at: datetime
    colours: tuple[Colour, ...]
    note: str | None = None
    tags: dict = field(default_factory=dict)


def test_a_field_added_to_a_dataclass_reaches_the_schema_and_the_client():
    model = wire_model(Slot)
    props = model.model_json_schema()["properties"]
    assert set(props) == {"ticket", "starts_at", "colours", "note", "tags"}
    assert model.model_json_schema()["required"] == ["ticket", "starts_at", "colours"]
    t = _ticket()
    slot = Slot(t, datetime(2026, 12, 7, 1, 30, tzinfo=timezone.utc), (Colour.RED,), "x", {"a": 1})
    assert over_the_wire(slot) == slot
    assert model.model_validate(slot).model_dump(mode="json")["colours"] == ["red"]


def _ticket(**kw) -> Ticket:
    base = dict(id=7, code="A-007", number=7, service="ktp", issued_service="ktp",
                business_day=date(2026, 12, 7), status=TicketStatus.WAITING, priority_group=None,
                issued_at=datetime(2026, 12, 7, 0, 30, tzinfo=timezone.utc), token="t" * 22)
    return Ticket(**(base | kw))


def test_an_older_server_that_leaves_out_a_field_gets_its_default():
    d = wire_model(Ticket).model_validate(_ticket(recalls=2)).model_dump(mode="json")
    del d["reactivations"], d["officer"]
    t = ticket_from_json(d)
    assert t.reactivations == 0 and t.officer is None and t.recalls == 2
    c = wire_model(CounterState).model_validate(CounterState(
        "1", "Loket 1", ("ktp",), False, CounterStatus.OPEN, None, "siti", _ticket())
    ).model_dump(mode="json")
    del c["active"]
    assert from_json(CounterState, c).active is True
    assert from_json(CounterState, c).current == _ticket()


def test_a_required_field_missing_is_an_error_not_a_guess():
    d = wire_model(Ticket).model_validate(_ticket()).model_dump(mode="json")
    del d["code"]
    with pytest.raises(KeyError, match="code"):
        ticket_from_json(d)


def test_event_detail_null_from_the_wire_becomes_an_empty_dict():
    e = from_json(Event, {"seq": 1, "at": "2026-12-07T00:00:00+00:00", "type": "called",
                          "ticket_id": None, "ticket_code": None, "service": None,
                          "counter": "1", "officer": None, "detail": None})
    assert e.detail == {} and e.at.tzinfo is not None
