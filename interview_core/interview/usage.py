"""What an interview's hosted-model calls cost: calls, tokens, time and an estimated price.

Prices are Google's list prices for the Gemini API's paid tier, in US dollars per million
tokens (input, output; thinking tokens are billed as output), as published in 2025. They are an
estimate: the free tier costs nothing, and prices change. A model not listed has no estimate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from interview_core.storage.models import ModelCallRecord

PRICES_PER_MILLION: dict[str, tuple[float, float]] = {
    "gemini-2.5-pro": (1.25, 10.00),
    "gemini-2.5-flash": (0.30, 2.50),
    "gemini-2.5-flash-lite": (0.10, 0.40),
    "gemini-2.0-flash": (0.10, 0.40),
    "gemini-2.0-flash-lite": (0.075, 0.30),
}


def price_of(model: str) -> tuple[float, float] | None:
    """The price of `model` or of the model it is a version of ("gemini-2.5-flash-001")."""
    matches = [name for name in PRICES_PER_MILLION if model == name or model.startswith(f"{name}-")]
    return PRICES_PER_MILLION[max(matches, key=len)] if matches else None


@dataclass(frozen=True)
class UsageSummary:
    calls: int
    failed_calls: int
    input_tokens: int
    output_tokens: int
    seconds: float
    estimated_cost_usd: float | None  # None: a model without a known price was used

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens


def summarise(records: Iterable[ModelCallRecord]) -> UsageSummary:
    records = list(records)
    prices = [price_of(record.model) for record in records]
    cost: float | None = None
    if all(price is not None for price in prices):  # one unknown price makes the total unknown
        cost = sum(
            (record.input_tokens * price[0] + record.output_tokens * price[1]) / 1_000_000
            for record, price in zip(records, prices, strict=True)
            if price is not None
        )
    return UsageSummary(
        calls=len(records),
        failed_calls=sum(1 for r in records if not r.ok),
        input_tokens=sum(r.input_tokens for r in records),
        output_tokens=sum(r.output_tokens for r in records),
        seconds=round(sum(r.latency_ms for r in records) / 1000, 1),
        estimated_cost_usd=None if cost is None else round(cost, 6),
    )
