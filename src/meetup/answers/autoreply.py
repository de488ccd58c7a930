"""Automatic replies (out of office, vacation, auto-responders) are never answers.

Pure. Recognised by their headers (RFC 3834 ``Auto-Submitted``, ``X-Autoreply``, ``X-Autorespond``,
``Precedence``, Exchange's) or, when a client sends none, by a subject or opening that says so in
English, German, Spanish or French. The date the friend is back, when given, holds the nudges.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from meetup.answers.when import away_until
from meetup.answers.words import fold, normalise

_SUBJECT = re.compile(
    r"^\W*(?:(?:re|aw|antw|r|rv|tr|wg|fw|fwd)\s*:\s*)*\W*(?:automatic reply|auto(?:matic)?[- ]?(?:reply|response)|"
    r"autoreply|autoresponse|out of (?:the )?office|ooo\b|away from (?:the )?office|on vacation|on holiday|"
    r"vacation reply|abwesenheit|abwesenheitsnotiz|automatische antwort|abwesend|nicht im buro|urlaub|"
    r"respuesta automatica|fuera de la oficina|ausente|de vacaciones|"
    r"reponse automatique|absence|absente?|message d'absence|en conges)"
    r"|(?<![\w])(?:automatic reply|auto-?reply|autoreply|out of (?:the )?office|abwesenheitsnotiz|"
    r"automatische antwort|respuesta automatica|reponse automatique)(?![\w])",
)
_BODY = re.compile(
    r"(?<![\w])(?:this is an? auto(?:matic|mated)(?:ally generated)? (?:reply|response|message)|automatic reply|"
    r"auto-?reply|auto-?response|autoresponder|i am (?:currently )?out of (?:the )?office|"
    r"i'?m (?:currently )?out of (?:the )?office|automatische antwort|abwesenheitsnotiz|nicht im buro|"
    r"respuesta automatica|mensaje automatico|fuera de la oficina|reponse automatique|message automatique|"
    r"absente? du bureau|"
    r"(?:i am|i'm|i will be|i'll be) (?:currently )?(?:on (?:annual |parental |sick |maternity |paternity |study )?leave|"
    r"on sabbatical|"
    r"on (?:vacation|holiday)|away from (?:the |my )?(?:office|desk)|out of (?:the )?office)|"
    r"limited access to (?:my )?e-?mail|no access to (?:my )?e-?mail|without access to (?:my )?e-?mail|"
    r"will (?:respond|reply|get back to you)[^.]{0,40}(?:upon|on) my return|"
    r"(?:keinen|eingeschrankten|eingeschranktem) zugriff auf (?:meine )?e-?mails?|nicht erreichbar|"
    r"ich bin (?:derzeit |zurzeit |momentan )?(?:im urlaub|abwesend|nicht im (?:buro|haus))|"
    r"(?:estare|estoy|me encuentro) (?:ausente|fuera de la oficina|de vacaciones)|sin acceso al correo|"
    r"acceso limitado al correo|je (?:suis|serai) (?:actuellement )?(?:absente?|en conges)|"
    r"can'?t check (?:my )?e-?mails?|check(?:ing)? (?:my )?e-?mails? (?:only )?(?:regularly|intermittently|occasionally|"
    r"sporadically|rarely)|(?:response|reply|replies|responses) (?:may|might|will) be delayed|delayed (?:response|reply)|"
    r"lese (?:meine )?e-?mails? (?:nur )?(?:unregelmassig|selten|eingeschrankt|sporadisch)|"
    r"antworte (?:ich )?(?:nach meiner ruckkehr|so bald wie moglich|schnellstmoglich)|"
    r"respondere (?:lo antes posible|a mi (?:regreso|vuelta)|cuando vuelva)|"
    r"je (?:vous )?repondrai (?:des que possible|a mon retour|des mon retour)|"
    r"reply (?:to your (?:e-?mail|message) )?(?:as soon as possible|when i'?m back|upon my return|on my return)|"
    r"sans acces a (?:mes|ma) (?:e-?mails?|messagerie|courriels?)|acces limite a (?:mes|ma)|"
    # leave in the other languages, as "on parental leave" above
    r"(?:estoy|estare|me encuentro) de (?:baja|permiso)|ich bin (?:\S+ ){0,4}?(?:in elternzeit|im mutterschutz)|"
    r"je (?:suis|serai) (?:actuellement )?en conges? (?:maternite|paternite|parental)|"
    # delivery reports and ticket systems that come without a report part or headers
    r"delivery status notification|(?:could not|couldn'?t|cannot) be delivered|undelivered mail|"
    r"delivery (?:to the following recipients? )?(?:has )?(?:failed|been delayed)|mail delivery (?:failed|subsystem)|"
    # mailboxes nobody reads, people who left, mail that never arrived, and what says it was
    # sent automatically: without a header these would read as a no ("not monitored")
    r"(?:mailbox|inbox|address|account) (?:is|are) (?:not|no longer) (?:monitored|checked|read|in use|active)|"
    r"unmonitored (?:mailbox|inbox|address|account)|(?:please )?do not reply to this (?:e-?mail|message|address)|"
    r"(?:replies|responses) to this (?:address|e-?mail|message) (?:are|will) not (?:be )?(?:read|monitored|answered)|"
    r"no longer (?:accepts?|receives?) (?:e-?)?mail|"
    r"(?:i|she|he) (?:no longer|(?:don'?t|do not|doesn'?t) (?:\w+ )?(?:anymore|any longer)) work (?:at|for)|"
    r"no longer (?:work|works|employed) (?:at|for|with|by)|no longer with (?:the company|us)|"
    r"(?:has|have) left the (?:company|organi[sz]ation|firm)|"
    r"(?:message|e-?mail|mail) (?:\S+ ){0,3}?(?:was|were|has been|have been) (?:not delivered|rejected|blocked)|"
    r"message (?:was )?(?:rejected|blocked)|"
    r"mailbox (?:is )?(?:full|unavailable)|user unknown|recipient (?:address )?rejected|"
    r"sent automatically|automatically sent|(?:i am|i'm) currently unavailable (?:and|until)|"
    r"we (?:have )?received your (?:message|e-?mail|request|enquiry|inquiry)|"
    r"postfach wird nicht (?:uberwacht|gelesen|abgerufen)|antworten sie nicht auf diese|"
    r"nicht mehr (?:\S+ ){0,4}?(?:tatig|beschaftigt)|(?:hat|habe) das unternehmen verlassen|nicht zugestellt|"
    r"automatisch (?:gesendet|versendet|erstellt)|wir haben ihre (?:nachricht|anfrage|e-?mail) erhalten|"
    r"buzon no se (?:revisa|supervisa|lee)|no (?:responda|conteste) a este (?:mensaje|correo)|"
    r"ya no (?:trabajo|trabaja) (?:en|para)|ya no (?:formo|forma) parte|no se (?:pudo|ha podido) entregar|"
    r"enviado automaticamente|hemos recibido su (?:mensaje|correo|solicitud)|"
    r"adresse n'est (?:pas|plus) (?:consultee|surveillee|lue|active)|ne pas repondre a ce (?:message|mail|courriel)|"
    r"ne (?:fais|fait) plus partie|n'est plus en poste|a quitte (?:l'entreprise|la societe)|"
    r"n'a pas pu etre (?:remis|distribue)|envoye automatiquement|nous avons (?:bien )?recu votre (?:message|demande)|"
    r"(?:please )?type your reply above this line|(?:will|shall) be in touch (?:with you )?within|"
    r"your (?:reference|ticket|case|request) (?:number|id|no\.?) is|"
    r"your (?:request|ticket|case|enquiry|inquiry) (?:\(?#?\d+\)? )?has been (?:received|created|opened|logged)|"
    r"ihre (?:anfrage|ticket) (?:\(?#?\d+\)? )?(?:ist )?(?:eingegangen|wurde erstellt)|"
    r"su (?:solicitud|ticket|consulta) (?:\(?#?\d+\)? )?ha sido (?:recibida|recibido|creado|creada)|"
    r"votre (?:demande|ticket) (?:\(?#?\d+\)? )?a (?:bien )?ete (?:recue?|cree|creee|enregistree?))(?![\w])"
)
#: away for a while ("on holiday", "im Urlaub", "de vacaciones", "en vacances") ...
_ABSENT = re.compile(
    r"(?<![\w])(?:away|on (?:holiday|vacation|leave|sabbatical)|travell?ing|off grid|im urlaub|verreist|unterwegs|"
    r"abwesend|in elternzeit|de vacaciones|de viaje|de baja|fuera|en vacances|en conges?|en deplacement|absente?)(?![\w])"
)
#: ... and answering only when back, or not reading mail meanwhile: an absence notice, even one a
#: person set up by hand without any header ("I'll get back to you when I'm back")
_ANSWERS_LATER = re.compile(
    r"(?<![\w])(?:(?:will|'ll|i'?ll) (?:\w+ )?(?:respond|reply|answer|get back to you|write back)(?: to (?:you|your \w+))? "
    r"(?:when i'?m back|when i return|once i'?m back|on my return|upon my return|after that|afterwards)|"
    r"(?:not|n'?t) (?:be )?(?:reading|checking|answering) (?:my )?(?:e-?mails?|mail|messages)|no (?:signal|reception|wifi|internet)|"
    r"lese (?:\w+ )?keine (?:e-?)?mails?|melde mich (?:\w+ )?(?:nach meiner ruckkehr|nach dem urlaub|wenn ich zuruck bin)|"
    r"antworte (?:dir |ihnen )?(?:nach meiner ruckkehr|wenn ich zuruck bin)|"
    r"te (?:respondo|contesto|escribo) (?:a la vuelta|a mi vuelta|cuando vuelva|a mi regreso)|no (?:leo|miro|reviso) el correo|"
    r"je (?:te |vous )?(?:reponds|repondrai|recontacte|recontacterai|ecris|ecrirai) (?:a|des) mon retour|"
    r"je ne (?:lis|consulte) pas (?:mes )?(?:mails|e-mails|courriels|messages))"
)
#: read receipts: "Read: Coffee?", "Gelesen: ...", "Leído: ...", "Lu : ..."
_RECEIPT = re.compile(
    r"^\s*(?:(?:read|gelesen|leido|lu|undeliverable|unzustellbar|non remis|delivered|zugestellt|entregado|remis)\s*:"
    r"|(?:delivery status notification|undelivered mail|mail delivery failed|returned mail|"
    r"failure notice|ticket received|request received)|\[(?:ticket|request|case|support)\s*#?\d*\])"
)
_PRECEDENCE = re.compile(r"^\s*(auto_reply|bulk|junk|list)\s*$", re.IGNORECASE)


#: a formal thank-you opening plus talk of absence, urgency or replying later: a responder's voice
_THANKS_OPENING = re.compile(
    r"^\W*(?:thank you|thanks|vielen dank|danke|gracias|merci)\s+(?:for|fur|für|por|pour)\s+(?:your|ihre|deine|dein|su|tu|"
    r"votre|ton)\s+(?:e-?mail|message|mail|nachricht|mensaje|correo)"
)
_RESPONDER = re.compile(
    r"(?<![\w])(?:urgent|dringend|urgente|urgence|office|buro|oficina|bureau|antworte|responder|repondrai|"
    r"return|ruckkehr|regreso|vuelta|retour|absence|abwesen|ausente|absent|leave|urlaub|vacaciones|conges)"
    # "reply"/"respond" only in a responder's promise ("will respond as soon as possible"): a person
    # writes "I'll reply properly tonight, but Saturday works"
    r"|(?:will|shall|'ll)\s+(?:\w+\s+){0,2}(?:respond|reply|get back)\s+(?:to (?:you|your \w+)\s+)?"
    r"(?:as soon as|shortly|within|promptly|upon|on my|when i|at the earliest)"
)


def automatic(headers: Sequence[tuple[str, str]], subject: str, text: str) -> str | None:
    """Why a message is an automatic reply, or None for one a person wrote."""
    for name, value in headers:
        key, value = name.lower(), " ".join(str(value).split())
        if key == "auto-submitted" and value.lower() != "no":
            return f"Auto-Submitted: {value}"
        if key in ("x-autoreply", "x-autorespond", "x-autoresponder", "x-auto-reply", "x-vacation") and value:
            return f"{name}: {value}"
        if key == "x-autogenerated" and value.lower() == "reply":
            return f"{name}: {value}"
        if key == "precedence" and _PRECEDENCE.match(value):
            return f"Precedence: {value}"
        if key == "x-auto-response-suppress" and re.search(r"\b(all|oof|autoreply)\b", value, re.IGNORECASE):
            return f"{name}: {value}"
        if key in ("x-ms-exchange-inbox-rules-loop", "x-ms-exchange-generated-message-source"):
            return f"{name} (an Exchange rule)"
        if key == "content-type" and "multipart/report" in value.lower():
            return "a delivery or read report"
    if _SUBJECT.search(fold(normalise(subject))) or _RECEIPT.match(fold(normalise(subject))):
        return f"subject {subject.strip()!r}"
    opening = fold(normalise(text))[:600]
    if match := _BODY.search(opening):
        return f"says {match.group(0)!r}"
    if (away := _ABSENT.search(opening)) and (later := _ANSWERS_LATER.search(opening)):
        return f"an absence notice ({away.group(0)!r}, {later.group(0)!r})"
    if _THANKS_OPENING.search(opening) and (match := _responder(opening)):
        return f"a responder's thank-you ({match.group(0)!r})"
    return None


def _responder(opening: str) -> re.Match[str] | None:
    """A responder's word, not in a person's past tense ("I was out of office last week")."""
    for match in _RESPONDER.finditer(opening):
        if not re.search(r"(?<![\w])(?:was|were|been|war|estaba|estuve|etais|j'etais)(?![\w])[^.!?]{0,25}$",
                         opening[: match.start()]):  # fmt: skip
            return match
    return None


def back_on(text: str, today: date) -> date | None:
    """The day an automatic reply says the friend is back (or away until), if it names one."""
    return away_until(normalise(text), today)
