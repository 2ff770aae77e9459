"""Every hook shebao calls, in three families: provinces, banks, printers.

Plugins implement them with ``@shebao.hookimpl`` and declare their module under the
entry-point group ``shebao``. Only ``shebao.plugins`` calls them; it checks each answer.
Call policy: a ``firstresult`` hook stops at the first plugin that answers something
other than ``None``; any other hook collects the answers of every plugin.

Everything else about a hook is read from here: its family (the decorator above it), its
arguments and the type of its answer (its signature: ``shebao.plugins`` checks every answer
against the return annotation), and whether a ``ValueError`` is bad outside input.
"""

from collections.abc import Callable
from typing import TypeVar

from shebao.documents import Document, DocumentFormat
from shebao.markers import hookspec
from shebao.model.catalogue import CatalogueItem
from shebao.model.filing import Filing
from shebao.model.institution import Institution
from shebao.model.payment import CollectedPayment, PaymentChannel, PaymentInstruction, PaymentNotice
from shebao.model.person import Scheme
from shebao.policy import Policy
from shebao.regions import Region

Spec = TypeVar("Spec", bound=Callable[..., object])

# Which family each hook belongs to; the conformance kit runs a family's checks on every
# plugin implementing one of its hooks.
FAMILIES: dict[str, tuple[str, ...]] = {}
# Hooks that read outside input: their ``ValueError`` says the input is malformed (exit 2).
READS_OUTSIDE_INPUT: set[str] = set()


class _Family:
    """Marks a hookspec as one of the family's hooks: ``@province`` above ``@hookspec``."""

    def __init__(self, name: str) -> None:
        self.name = name
        FAMILIES[name] = ()

    def __call__(self, spec: Spec) -> Spec:
        FAMILIES[self.name] += (spec.__name__,)
        return spec


province = _Family("province")
bank = _Family("bank")
printer = _Family("printer")


def reads_outside_input(spec: Spec) -> Spec:
    READS_OUTSIDE_INPUT.add(spec.__name__)
    return spec


# ---- provinces -------------------------------------------------------------------------


@province
@hookspec
def shebao_regions() -> list[Region]:
    """Return the regions (provinces and pooling areas) this plugin serves.

    Called when the kernel checks a region code, e.g. a person's insured region.
    Call policy: all results collected; a code served by no plugin is refused as unknown.
    """
    raise NotImplementedError


@province
@hookspec(firstresult=True)
def shebao_policy(region: Region, scheme: Scheme, year: int) -> Policy | None:
    """Return the insured place's policy for ``region``, ``scheme`` and ``year``.

    Called by every use case that needs a *policy* value (contribution rates, card fee ...).
    Call policy: firstresult, first non-None wins. ``None`` means "not my region"; when
    every plugin answers ``None`` the use case is refused naming the missing plugin.
    """
    raise NotImplementedError


@province
@hookspec
def shebao_institutions() -> list[Institution]:
    """Return the designated medical institutions (hospitals, pharmacies) of this plugin's regions.

    Called by `shebao institution sync`, which loads them into the directory; an institution
    no plugin provides any more is marked withdrawn there. An empty list means "none".
    Call policy: all results collected; institution codes must be unique across plugins.
    """
    raise NotImplementedError


@province
@hookspec
def shebao_review_filing(filing: Filing, policy: Policy) -> list[str]:
    """Return the insured place's own problems with ``filing`` under ``policy``, as sentences.

    Called when an off-site filing is reviewed for approval (``policy`` is the insured place's).
    A plugin answers only for its own insured regions; an empty list means "no problem".
    Call policy: all results collected; any problem blocks approval.
    """
    raise NotImplementedError


@province
@hookspec(firstresult=True)
def shebao_catalogue(region: Region, year: int) -> list[CatalogueItem] | None:
    """Return the treatment place's catalogue for ``region`` (the institution's region) in ``year``:
    drugs, services and materials with category A/B/C, category-B first self-pay share and
    price limit.

    Called by settlement once per treatment place and year (a batch loads it once).
    Call policy: firstresult, first non-None wins. ``None`` means "not my region"; when every
    plugin answers ``None`` settlement is refused naming the missing plugin.
    """
    raise NotImplementedError


# ---- banks -----------------------------------------------------------------------------


@bank
@hookspec
def shebao_payment_channels() -> list[PaymentChannel]:
    """Return the payment channels this plugin offers (bank counters, WeChat Pay, Alipay).

    Called when a notice is issued, a payment recorded or `shebao plugins` lists channels.
    Call policy: all results collected; channel codes must be unique across plugins.
    """
    raise NotImplementedError


@bank
@hookspec(firstresult=True)
def shebao_payment_instruction(channel: PaymentChannel, notice: PaymentNotice) -> PaymentInstruction | None:
    """Return how to pay ``notice`` on ``channel``: a counter slip reference or a QR payload.

    Called when an operator prints or shows payment instructions for a notice.
    Call policy: firstresult, first non-None wins; ``None`` means "not my channel".
    """
    raise NotImplementedError


@bank
@reads_outside_input
@hookspec(firstresult=True)
def shebao_parse_statement(channel: PaymentChannel, content: bytes) -> list[CollectedPayment] | None:
    """Parse ``channel``'s collection statement file into collected payments.

    Called by `shebao payment import` before anything is matched or written. A plugin
    raises ``ValueError`` with a clear message for a malformed file.
    Call policy: firstresult, first non-None wins; ``None`` means "not my channel".
    """
    raise NotImplementedError


@bank
@hookspec(firstresult=True)
def shebao_statement_sample(channel: PaymentChannel, payments: list[CollectedPayment]) -> bytes | None:
    """Write ``payments`` as ``channel``'s collection statement file, laid out as the bank delivers it.

    Called by the conformance kit (`shebao plugin check`) to prove that the plugin's
    ``shebao_parse_statement`` reads back exactly what the bank writes, and by tests and
    demos that need a statement file. Every plugin that parses a channel's statements
    should implement it for that channel.
    Call policy: firstresult, first non-None wins; ``None`` means "not my channel".
    """
    raise NotImplementedError


# ---- printers --------------------------------------------------------------------------


@printer
@hookspec
def shebao_document_formats() -> list[DocumentFormat]:
    """Return the formats this plugin renders documents in (docx, html, text ...).

    Called to list formats and to refuse an unknown one with the list of known ones.
    Call policy: all results collected.
    """
    raise NotImplementedError


@printer
@hookspec(firstresult=True)
def shebao_render_document(document: Document, format: str) -> bytes | None:
    """Render ``document`` in ``format`` and return the file's bytes.

    Called when an operator prints a form, notice, receipt or statement.
    Call policy: firstresult, first non-None wins; ``None`` means "not my format".
    """
    raise NotImplementedError


# ---- banks: card issuers ---------------------------------------------------------------


@bank
@hookspec(firstresult=True)
def shebao_bank_card_issuer(card_number: str) -> str | None:
    """Return the name of the bank that issued ``card_number`` (a Luhn-valid bank card), by
    its BIN prefix, when this plugin's bank issued it.

    Called when a bank card is bound to a medical insurance account at activation.
    Call policy: firstresult, first non-None wins; ``None`` means "not a card of my bank";
    a card no plugin recognises is refused.
    """
    raise NotImplementedError
