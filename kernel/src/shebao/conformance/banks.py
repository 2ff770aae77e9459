"""Checks of bank plugins: channels, payment instructions, and statements that round-trip.

A plugin answers only for its own channels (``None`` for any other), gives an instruction
for every notice on each of them, and, when it parses a channel's statements, writes a
sample statement (``shebao_statement_sample``) that its parser reads back exactly. A
malformed statement file is refused with ``ValueError``, never read as zero payments.
A plugin that names card issuers (``shebao_bank_card_issuer``) names one for the cards
of the BIN prefixes it exposes (``bank_card_bins``) and ``None`` for any other card.
"""

from collections.abc import Iterator

import attrs

from shebao import plugins as facade
from shebao.conformance.registry import Problem, Subject, bank_check
from shebao.conformance.samples import (
    CARD_LENGTHS,
    FOREIGN_CARD_PREFIX,
    FOREIGN_CHANNELS,
    card_number,
    collected_payments,
    notices,
)
from shebao.conformance.values import code_problems, text_problems
from shebao.errors import InputError, PluginError, ShebaoError
from shebao.hookspecs import (
    shebao_bank_card_issuer,
    shebao_parse_statement,
    shebao_payment_channels,
    shebao_payment_instruction,
    shebao_statement_sample,
)
from shebao.model.payment import ChannelKind, CollectedPayment, PaymentChannel

MALFORMED_STATEMENT = b"\xff\xfe this is not a statement \x00\x01"


def _where(subject: Subject, hook: str, *arguments: str) -> str:
    return f"{subject.name}.{hook}({', '.join(arguments)})"


def own_channels(subject: Subject) -> list[PaymentChannel]:
    return subject.hooks.collect(shebao_payment_channels)


@bank_check
def channels_are_well_formed(subject: Subject) -> Iterator[Problem]:
    channels = own_channels(subject)
    if not channels:
        yield Problem(_where(subject, "shebao_payment_channels"), "offers no payment channel, yet implements bank hooks")
    others = {
        channel.code: (channel, info.name)
        for info in facade.plugin_infos()
        if info.name != subject.name and "shebao_payment_channels" in info.hooks
        for channel in facade.OwnHooks(info.name).collect(shebao_payment_channels)
    }
    seen: set[str] = set()
    for channel in channels:
        where = f"{_where(subject, 'shebao_payment_channels')}[{channel.code}]"
        yield from code_problems(where, channel.code, "channel code")
        yield from text_problems(where, channel.name, "channel name")
        kind: object = channel.kind  # attrs does not check it; an untyped plugin may pass a string
        if not isinstance(kind, ChannelKind):
            yield Problem(where, f"kind {kind!r} is not a ChannelKind")
        if channel.code in seen:
            yield Problem(where, f"channel {channel.code} is listed twice")
        seen.add(channel.code)
        if channel.code in others and others[channel.code][0] != channel:
            yield Problem(where, f"code {channel.code} is already offered by plugin '{others[channel.code][1]}'")


@bank_check
def instructions_cover_own_channels(subject: Subject) -> Iterator[Problem]:
    for channel in own_channels(subject):
        if not subject.hooks.implements("shebao_payment_instruction"):
            where = _where(subject, "shebao_payment_instruction")
            yield Problem(where, f"offers channel {channel.code} but gives no instructions")
            return
        for notice in notices():
            where = _where(subject, "shebao_payment_instruction", channel.code, f"notice {notice.number}")
            instruction = subject.hooks.first(shebao_payment_instruction, channel=channel, notice=notice)
            if instruction is None:
                yield Problem(where, "answered None for its own channel")
                continue
            if instruction.channel != channel.code:
                yield Problem(where, f"instruction names channel {instruction.channel!r}")
            if instruction.notice_number != notice.number:
                yield Problem(where, f"instruction names notice {instruction.notice_number!r}")
            if instruction.amount != notice.amount:
                yield Problem(where, f"instruction asks for {instruction.amount} fen, the notice for {notice.amount}")
            yield from text_problems(f"{where}.reference", instruction.reference, "reference (slip number or QR payload)")
            yield from text_problems(f"{where}.text", instruction.text, "instruction text for the payer")


@bank_check
def leaves_other_channels_alone(subject: Subject) -> Iterator[Problem]:
    notice = notices()[0]
    for channel in FOREIGN_CHANNELS:
        answers = {
            "shebao_payment_instruction": subject.hooks.first(shebao_payment_instruction, channel=channel, notice=notice),
            "shebao_statement_sample": subject.hooks.first(
                shebao_statement_sample, channel=channel, payments=collected_payments(channel)
            ),
        }
        for hook, answer in answers.items():
            if answer is not None:
                yield Problem(_where(subject, hook, channel.code), "answered for a channel it does not offer (must answer None)")
        try:
            parsed = subject.hooks.first(shebao_parse_statement, channel=channel, content=b"")
        except InputError:
            parsed = []  # it refused the file: it took the channel for its own
        if parsed is not None:
            where = _where(subject, "shebao_parse_statement", channel.code)
            yield Problem(where, "read a statement of a channel it does not offer")


@bank_check
def statements_round_trip(subject: Subject) -> Iterator[Problem]:
    parses = subject.hooks.implements("shebao_parse_statement")
    samples = subject.hooks.implements("shebao_statement_sample")
    if samples and not parses:
        yield Problem(_where(subject, "shebao_statement_sample"), "writes sample statements but parses none")
    if not parses:
        return  # a channel without statement files is reconciled by hand
    for channel in own_channels(subject):
        payments = collected_payments(channel)
        sample = subject.hooks.first(shebao_statement_sample, channel=channel, payments=payments)
        if sample is None:
            yield Problem(
                _where(subject, "shebao_statement_sample", channel.code),
                "parses this channel's statements but writes no sample to prove it (implement shebao_statement_sample)",
            )
            continue
        where = _where(subject, "shebao_parse_statement", channel.code, "its own sample")
        try:
            parsed = subject.hooks.first(shebao_parse_statement, channel=channel, content=sample)
        except InputError as error:
            yield Problem(where, f"refused its own sample: {error}")
            continue
        if parsed is None:
            yield Problem(where, "answered None for its own channel")
        elif _as_written(parsed) != _as_written(payments):
            yield Problem(where, f"read back {parsed!r}, not the {len(payments)} payments written")
        yield from _refuses_malformed(subject, channel)


def _as_written(payments: list[CollectedPayment]) -> list[CollectedPayment]:
    """The payments as the kit wrote them: ``line`` is where the parser found each, and
    ``method`` ``None`` (as in the kit's payments) lets the parser name the channel's usual one."""
    return sorted((attrs.evolve(p, line=0, method=None) for p in payments), key=repr)


def _refuses_malformed(subject: Subject, channel: PaymentChannel) -> Iterator[Problem]:
    where = _where(subject, "shebao_parse_statement", channel.code, "a malformed file")
    try:
        parsed = subject.hooks.first(shebao_parse_statement, channel=channel, content=MALFORMED_STATEMENT)
    except InputError:
        return
    except PluginError as error:
        yield Problem(where, f"must raise ValueError with a clear message, not fail: {error}")
        return
    yield Problem(where, f"accepted it ({'None' if parsed is None else f'{len(parsed)} payments'}) instead of raising ValueError")


@bank_check
def card_issuer_answers_for_own_cards_only(subject: Subject) -> Iterator[Problem]:
    if not subject.hooks.implements("shebao_bank_card_issuer"):
        return
    hook = "shebao_bank_card_issuer"
    bins = subject.hooks.bank_card_bins()
    if not bins:
        yield Problem(_where(subject, hook), "names card issuers but exposes no BIN prefixes (bank_card_bins) to check it with")
    for prefix in bins:
        if not (prefix.isdigit() and 2 <= len(prefix) <= 11):
            yield Problem(f"{subject.name}.bank_card_bins[{prefix!r}]", "a BIN prefix is 2 to 11 digits")
            continue
        answers = {
            number: subject.hooks.first(shebao_bank_card_issuer, card_number=number)
            for number in (card_number(prefix, n) for n in CARD_LENGTHS)
        }
        if all(answer is None for answer in answers.values()):
            yield Problem(_where(subject, hook, *answers), f"answered None for its own BIN prefix {prefix}")
        for number, answer in answers.items():
            if answer is not None:
                yield from text_problems(_where(subject, hook, number), answer, "issuer name")
        for number in (card_number(prefix, n, valid=False) for n in CARD_LENGTHS):
            if subject.hooks.first(shebao_bank_card_issuer, card_number=number) is not None:
                yield Problem(
                    _where(subject, hook, number), "named an issuer for a card number that is not Luhn-valid (must answer None)"
                )
    yield from _leaves_other_cards_alone(subject)


def _leaves_other_cards_alone(subject: Subject) -> Iterator[Problem]:
    hook = "shebao_bank_card_issuer"
    foreign = card_number(FOREIGN_CARD_PREFIX, 19)
    if subject.hooks.first(shebao_bank_card_issuer, card_number=foreign) is not None:
        yield Problem(_where(subject, hook, foreign), "named an issuer for a card no bank issues (must answer None)")
    for info in facade.plugin_infos():
        if info.name == subject.name or hook not in info.hooks:
            continue
        other = facade.OwnHooks(info.name)
        try:
            prefixes = [prefix for prefix in other.bank_card_bins() if prefix.isdigit()]
        except ShebaoError:
            continue  # the other plugin's own defect, reported when it is checked
        for number in (card_number(prefix, 19) for prefix in prefixes):
            answer = subject.hooks.first(shebao_bank_card_issuer, card_number=number)
            theirs = other.first(shebao_bank_card_issuer, card_number=number) if answer is not None else None
            if answer is not None and theirs is not None and answer != theirs:
                yield Problem(
                    _where(subject, hook, number),
                    f"named {answer!r} for a card plugin '{info.name}' says {theirs!r} issued (must answer None)",
                )
