"""Yes, no, later, hedges and conditions, in English, German, Spanish and French.

Patterns run on folded text (lower case, no accents: see ``words.fold``). Each list is what a person
reads the same way in any context; words that need context ("if" in a sign-off, "si" as yes or
"if") are handled where the context is known.
"""

from __future__ import annotations

import re


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w'])")


YES = _words(
    # English
    r"yes", r"yep", r"yeah", r"yup", r"sure", r"sounds (?:good|great|perfect|lovely|fun|fab|ideal)",
    r"works", r"work(?:s)? (?:for me|fine|great|well|best|perfectly)", r"(?:would|will|does|that'?d) work", r"i'?m in", r"count me in", r"perfect", r"great", r"absolutely",
    r"definitely", r"let'?s do", r"lets do", r"see you", r"see ya", r"i'?d love", r"love to", r"happy to",
    r"deal", r"ok", r"okay", r"down for", r"i can do", r"can do", r"good for me", r"good", r"fine",
    r"suits me", r"it is", r"book it", r"go with", r"go for", r"awesome", r"excellent", r"wonderful",
    r"please", r"pls", r"i'?ll take", r"i'?ll be there", r"is best", r"works best", r"lovely",
    r"i can (?:only )?(?:do|make)", r"can make it", r"free", r"available",
    # German
    r"ja", r"jep", r"passt", r"passt mir", r"geht", r"geht klar", r"klappt", r"gerne?", r"super",
    r"perfekt", r"prima", r"klingt gut", r"klingt super", r"bin dabei", r"einverstanden", r"top",
    r"bitte", r"nehme", r"bis dann", r"machen wir", r"wunderbar", r"klar", r"klaro", r"dabei", r"ich kann",
    r"kann ich", r"frei",
    # Spanish
    r"si", r"vale", r"perfecto", r"me va", r"me viene", r"me cuadra", r"genial", r"claro", r"dale",
    r"de acuerdo", r"me apunto", r"nos vemos", r"por favor", r"estupendo", r"va bien", r"me parece bien",
    r"me va genial", r"me viene bien", r"me viene perfecto", r"cuenta conmigo", r"puedo", r"libre",
    # French
    r"oui", r"ca marche", r"ca me va", r"me va", r"parfait", r"d'accord", r"ok pour", r"volontiers",
    r"avec plaisir", r"nickel", r"je peux", r"c'est bon", r"go", r"genial", r"me convient",
    r"c'est parfait", r"va pour", r"top", r"pourquoi pas", r"dispo", r"disponible", r"libre",
    "\U0001f44d",
)

NO = _words(
    # English
    r"no", r"nope", r"nah", r"can'?t", r"cannot", r"can not", r"won'?t", r"couldn'?t", r"not able",
    r"unable", r"not this time", r"i'?ll (?:have to )?pass", r"have to (?:pass|decline)", r"none",
    r"neither", r"not for me", r"count me out", r"not interested", r"decline", r"busy", r"booked",
    r"away", r"out of town", r"unfortunately", r"sadly", r"doesn'?t work", r"don'?t work", r"not",
    r"isn'?t", r"don'?t think (?:i can|so)", r"too much", r"no can do", r"impossible", r"swamped",
    r"(?:is|are|'s) out",
    # German
    r"nein", r"nicht", r"leider", r"keine?n?m?", r"verreist", r"unterwegs", r"schaffe? ich nicht",
    r"keine zeit", r"absagen", r"ausgebucht",
    # Spanish
    r"no puedo", r"no podre", r"ninguno", r"ninguna", r"imposible", r"estoy fuera", r"fuera",
    r"lo siento", r"lamentablemente", r"desgraciadamente", r"tampoco", r"nunca",
    # French
    r"non", r"pas", r"ne", r"n'", r"aucun", r"aucune", r"malheureusement", r"desole", r"desolee",
    r"pas dispo", r"indispo", r"indisponible", r"c'est mort",
)
#: "no" that is not a no ("no worries", "no problem", "no pressure", "ningún problema").
NOT_NO = re.compile(
    r"(?<![\w'])(?:no (?:worries|worry|problem|probs?|pressure|doubt|rush)|kein problem|kein stress|"
    r"keine sorge|no hay problema|ningun problema|pas de (?:souci|soucis|probleme)|pas mal|not bad|"
    r"can'?t wait|cannot wait|no lo dudes|nicht schlecht|n'importe)(?![\w'])"
)

#: Asking to be asked again later (the invite ends now; a named time schedules the next one).
_MAYBE = r"(?:maybe|perhaps|vielleicht|quizas?|tal vez|peut-etre|peut etre)"
LATER = _words(
    r"rain ?check", r"try me (?:again )?then", r"(?:mid|mitte|mediados de|mi)-?\s*(?:december|january|dezember|januar|diciembre|enero|decembre|janvier)", r"ask me (?:again )?(?:later|in|after|next)", r"try (?:me )?(?:again )?(?:later|in|after|next)",
    r"another time", r"some other time", r"other time", r"next month", r"next year", r"in the new year",
    r"after (?:the )?(?:holidays|christmas|new year)", r"in (?:a (?:few|couple(?: of)?)|two|three|2|3|\d+) weeks",
    r"(?:maybe |perhaps )?later", r"not (?:right )?now", r"once things calm down", r"when things calm down",
    r"in (?:january|february|march|april|may|june|july|august|september|october|november|december)",
    r"naechsten monat", r"nachsten monat", r"nachstes jahr", r"naechstes jahr", r"spater", r"ein andermal",
    r"ein anderes mal", r"nach (?:den feiertagen|weihnachten|neujahr|den ferien)", r"in (?:zwei|drei|ein paar|2|3) wochen",
    r"im (?:januar|februar|marz|april|mai|juni|juli|august|september|oktober|november|dezember)",
    r"frag mich (?:\w+ )?(?:nochmal|spater|noch ?mal)", r"melde? dich (?:\w+ )?(?:nochmal|spater|wieder)",
    r"el mes que viene", r"el proximo mes", r"mas adelante", r"otro dia", r"en otro momento",
    r"despues de (?:las fiestas|navidad|reyes|las vacaciones)", r"(?:dentro de|en) (?:dos|tres|un par de|unas) semanas",
    r"en (?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)",
    r"preguntame (?:mas tarde|otra vez|de nuevo)", r"le mois prochain", r"plus tard", r"une autre fois",
    r"apres (?:les fetes|noel|le nouvel an|les vacances)", r"dans (?:quinze jours|deux semaines|trois semaines|quelques semaines)",
    r"en (?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)",
    r"relance-moi", r"recontacte-moi", r"l'annee prochaine", r"el ano que viene", r"later this (?:month|year)",
)
LATER = re.compile(rf"(?:{_MAYBE}\s+)?(?:{LATER.pattern})(?:,?\s+{_MAYBE}(?![\w']))?")

#: Hedges and conditions: the answer is not final, so it stays with the user.
HEDGE = _words(
    # English
    r"maybe", r"might", r"not sure", r"unsure", r"probably", r"possibly", r"perhaps", r"tentative(?:ly)?",
    r"(?<!don't )(?<!dont )i think", r"i guess", r"should (?:work|be (?:fine|ok|okay))", r"hopefully",
    r"let me (?:check|see|ask|confirm|double-check|get back)", r"need to (?:check|ask|confirm|see)",
    r"have to (?:check|ask|confirm|see)", r"double-check", r"double check", r"i'?ll (?:confirm|let you know|check|see|ask)",
    r"will confirm", r"confirm (?:later|tomorrow|tonight|soon)", r"let you know", r"get back to you",
    r"check with", r"ask (?:my|\w+ first)", r"if", r"unless", r"depend(?:s|ing)", r"pencil", r"provisionally",
    r"we'?ll see", r"not 100", r"as long as", r"provided", r"assuming", r"in principle", r"for now",
    r"i'?ll try", r"try to", r"could be", r"only (?:until|till|til|from|after|before|between|for)",
    r"(?:have|need|got) to (?:leave|go|run)", r"leave (?:at|by|early)", r"(?:a bit|bit|little|few minutes?|slightly) late",
    r"running late", r"arrive late", r"late(?:r)? start", r"by \d", r"until \d", r"till \d",
    # German
    r"vielleicht", r"wahrscheinlich", r"eventuell", r"evtl", r"vermutlich", r"ich glaube", r"mal sehen",
    r"mal schauen", r"ich schau", r"ich gucke?", r"bescheid", r"melde mich", r"ich melde mich",
    r"muss (?:erst|noch|mal)", r"wenn", r"falls", r"sofern", r"solange", r"unter vorbehalt", r"ggf",
    r"moglicherweise", r"muesste", r"musste", r"sollte (?:klappen|gehen|passen)", r"ich frage",
    r"nur bis", r"erst ab", r"bis \d", r"ab \d", r"spater kommen", r"muss (?:um|gegen) \d",
    # Spanish
    r"quizas?", r"tal vez", r"a lo mejor", r"probablemente", r"creo que", r"te confirmo", r"te digo",
    r"te aviso", r"tengo que (?:mirar|ver|consultar|preguntar|confirmar|mirarlo|verlo)", r"depende",
    r"en principio", r"siempre que", r"igual (?:puedo|si)", r"posiblemente", r"seguramente",
    r"solo hasta", r"hasta las", r"a partir de las", r"llego tarde",
    # French
    r"peut-etre", r"peut etre", r"probablement", r"sans doute", r"je pense", r"je crois",
    r"je te (?:redis|dis|confirme|tiens au courant)", r"je reviens vers", r"je dois (?:verifier|voir|demander|checker)",
    r"sous reserve", r"a confirmer", r"normalement", r"a priori", r"si jamais", r"a condition",
    r"tant que", r"pourvu", r"eventuellement", r"il faut que je", r"seulement jusqu", r"jusqu'a \d",
    r"que jusqu", r"en retard", r"a partir de \d",
)
#: "si" is Spanish "yes" ("Sí, el jueves") but "if" in "si puedo" / French "si ça marche".
SI_CONDITIONAL = re.compile(r"(?<![\w'])si(?![\w',!.])\s+(?!,)")

#: A question about the meeting itself ("what time?", "where exactly at 10?") belongs to the answer.
ABOUT_THE_TIME = re.compile(
    r"(?<![\w'])(?:when|what time|which time|how long|until when|wann|uhrzeit|wie lange|cuando|a que hora|"
    r"hasta cuando|quand|a quelle heure|jusqu'a quand|instead|stattdessen|en su lugar|plutot|rather|"
    r"earlier|later|fruher|spater|mas temprano|mas tarde|plus tot|plus tard|next week|this week|week|weekend|"
    r"month|tomorrow|today|tonight|woche|wochenende|monat|morgen|heute|semana|fin de semana|mes|manana|hoy|"
    r"semaine|week-end|mois|demain|aujourd'hui|ce soir|other days?|another day|andere[nr]? tag|otro dia|autre jour)(?![\w'])"
)

#: Saying which list the numbers refer to ("the first one from your first email").
OTHER_MESSAGE = re.compile(
    r"(?<![\w'])(?:first|previous|earlier|original|other|last|erste[nr]?|vorige[nr]?|letzte[nr]?|primer|"
    r"anterior|premier|precedent)\s+(?:e-?mail|mail|message|list|liste|nachricht|correo|mensaje|courriel)"
)

#: Forwarded mail: the text below is someone else's.
FORWARD = re.compile(
    r"^\s*(?:-{2,}\s*(?:forwarded message|weitergeleitete nachricht|mensaje reenviado|message transfere)"
    r"|begin forwarded message|anfang der weitergeleiteten|inicio del mensaje reenviado|debut du message reexpedie)",
    re.MULTILINE,
)
