"""Demo content of citizen competences: the framework of the founding texts, in English and
French.

Citizens are co-owners of the societies they live in, so citizenship is a kind of
profession; it takes personal (towards oneself), social (towards others) and societal
(towards society) skills. Each competence below is a short lesson written for this platform
and a self-check quiz whose answers are explained.

Loaded by ``manage.py load_demo`` (``competences_demo.load()``). Idempotent: areas are found
by kind and competences by slug; what exists is left as staff edited it, and a competence's
quiz is written only when it has no question yet. The slugs that other pages link to are
named in ``civic/competences/templatetags/competence_tags.py``.
"""

from __future__ import annotations

from django.db import transaction

from civic.competences.models import Competence, CompetenceArea, QuizChoice, QuizQuestion

A = CompetenceArea.Kind

AREAS = [
    {
        "kind": A.PERSONAL,
        "order": 1,
        "name_en": "Personal — towards oneself",
        "name_fr": "Personnelles — envers soi-même",
        "description_en": (
            "Knowing where one's own freedom ends, judging one's actions by their impacts, "
            "and keeping one's own judgement clear."
        ),
        "description_fr": (
            "Savoir où s'arrête sa propre liberté, juger ses actions à leurs impacts et "
            "garder son jugement clair."
        ),
    },
    {
        "kind": A.SOCIAL,
        "order": 2,
        "name_en": "Social — towards others",
        "name_fr": "Sociales — envers les autres",
        "description_en": (
            "Talking and working with fellow citizens: constructive and respectful exchanges, "
            "credible information, tensions prevented and resolved."
        ),
        "description_fr": (
            "Dialoguer et travailler avec ses concitoyens : des échanges constructifs et "
            "respectueux, une information crédible, des tensions prévenues et résolues."
        ),
    },
    {
        "kind": A.SOCIETAL,
        "order": 3,
        "name_en": "Societal — towards society",
        "name_fr": "Sociétales — envers la société",
        "description_en": (
            "Knowing how one's society is run: who is responsible for what, how decisions and "
            "budgets are made, how assemblies are elected."
        ),
        "description_fr": (
            "Savoir comment sa société fonctionne : qui est responsable de quoi, comment se "
            "prennent les décisions et les budgets, comment les assemblées sont élues."
        ),
    },
]


def q(text_en, text_fr, explanation_en, explanation_fr, choices):
    """A question; ``choices`` are ``(english, french, is_correct)``."""
    return {
        "text_en": text_en,
        "text_fr": text_fr,
        "explanation_en": explanation_en,
        "explanation_fr": explanation_fr,
        "choices": choices,
    }


COMPETENCES = [
    # --- Personal ---------------------------------------------------------------------------
    {
        "slug": "freedom-and-liberty",
        "area": A.PERSONAL,
        "order": 1,
        "title_en": "Freedom and liberty: where my space ends",
        "title_fr": "Liberté et libertés : où s'arrête mon espace",
        "summary_en": (
            "Freedom is the domain our collective rules create; liberty is the space I can "
            "actually claim, and it moves with the presence of others."
        ),
        "summary_fr": (
            "La liberté est le domaine que créent nos règles collectives ; mes libertés sont "
            "l'espace que je peux réellement revendiquer, et il bouge avec la présence des autres."
        ),
        "lesson_en": """\
Two words are often used as if they meant the same thing. Citizens & Societies gives each a
precise meaning, because a balanced society needs both.

## Freedom: the domain where we can be free

**Freedom** is the domain where one can be free. Humans are social beings: our freedom is
created by *collective management processes* — laws, cultural norms, and for some, religious
rules — that set up the conditions in which each of us can develop as we see fit.

## Liberty: the space I can claim as mine

**Liberty** is the actual space I can claim to be mine. It is *dynamic*: it grows and shrinks
with the presence or absence of my fellow citizens. Alone in a park at dawn, I can play music
loudly; at noon, with families picnicking around me, the same act takes space from them.

Liberty is the result of *mutual self-restraint*: we each restrain our actions, individually
and in groups, so that our fellow citizens can be free too.

## Why it matters on civic

Every proposal on civic asks its author whether it is compatible with freedom and liberty. A
good proposal widens the domain where people can develop (freedom) without taking the space
others need (liberty). When you write or support a proposal, ask:

1. Does it create or protect conditions for people to develop as they wish?
2. Whose space does it take, and is the restraint it asks of them fair and shared?
""",
        "lesson_fr": """\
Deux mots sont souvent employés l'un pour l'autre. Citizens & Societies donne à chacun un sens
précis, car une société équilibrée a besoin des deux.

## La liberté : le domaine où l'on peut être libre

La **liberté** (freedom) est le domaine où l'on peut être libre. Les humains sont des êtres
sociaux : notre liberté est créée par des *processus de gestion collective* — les lois, les
normes culturelles et, pour certains, les règles religieuses — qui établissent les conditions
dans lesquelles chacun peut se développer comme il l'entend.

## Les libertés : l'espace que je peux revendiquer

Les **libertés** (liberty) sont l'espace réel que je peux revendiquer comme le mien. Cet espace
est *dynamique* : il grandit ou rétrécit selon la présence ou l'absence de mes concitoyens.
Seul dans un parc à l'aube, je peux écouter de la musique à plein volume ; à midi, entouré de
familles qui pique-niquent, le même geste leur prend de l'espace.

Les libertés sont le résultat d'une *autolimitation mutuelle* : chacun restreint ses actions,
seul ou en groupe, pour que ses concitoyens puissent eux aussi être libres.

## Pourquoi c'est important sur civic

Chaque proposition sur civic demande à son auteur si elle est compatible avec la liberté et les
libertés. Une bonne proposition élargit le domaine où chacun peut se développer (la liberté)
sans prendre l'espace dont les autres ont besoin (les libertés). Quand vous rédigez ou
soutenez une proposition, demandez-vous :

1. Crée-t-elle ou protège-t-elle les conditions pour que chacun se développe comme il le souhaite ?
2. À qui prend-elle de l'espace, et la retenue qu'elle demande est-elle juste et partagée ?
""",
        "questions": [
            q(
                "According to the founding texts, what creates our freedom?",
                "Selon les textes fondateurs, qu'est-ce qui crée notre liberté ?",
                "Humans are social beings: freedom is created by collective management "
                "processes — laws, cultural norms, religious rules — not by the absence of "
                "rules, nor by one person's will.",
                "Les humains sont des êtres sociaux : la liberté est créée par des processus de "
                "gestion collective — lois, normes culturelles, règles religieuses — et non par "
                "l'absence de règles ni par la volonté d'une seule personne.",
                [
                    ("The absence of any rule", "L'absence de toute règle", False),
                    (
                        "Collective management processes such as laws and cultural norms",
                        "Des processus de gestion collective comme les lois et les normes "
                        "culturelles",
                        True,
                    ),
                    (
                        "The will of the strongest person in the group",
                        "La volonté de la personne la plus forte du groupe",
                        False,
                    ),
                ],
            ),
            q(
                "Which statements describe liberty?",
                "Quelles affirmations décrivent les libertés ?",
                "Liberty is the actual space I can claim; it is dynamic, shrinking or growing "
                "with the presence of others, and it results from mutual self-restraint. It is "
                "not fixed once and for all.",
                "Les libertés sont l'espace réel que je peux revendiquer ; il est dynamique, "
                "il rétrécit ou grandit selon la présence des autres, et il résulte d'une "
                "autolimitation mutuelle. Il n'est pas fixé une fois pour toutes.",
                [
                    (
                        "It is the actual space I can claim to be mine",
                        "C'est l'espace réel que je peux revendiquer comme le mien",
                        True,
                    ),
                    (
                        "It grows or shrinks with the presence of my fellow citizens",
                        "Il grandit ou rétrécit selon la présence de mes concitoyens",
                        True,
                    ),
                    (
                        "It is fixed once and for all by the constitution",
                        "Il est fixé une fois pour toutes par la constitution",
                        False,
                    ),
                    (
                        "It results from mutual self-restraint",
                        "Il résulte d'une autolimitation mutuelle",
                        True,
                    ),
                ],
            ),
            q(
                "You play music loudly in an empty park at dawn, then at noon among picnicking "
                "families. What changed?",
                "Vous écoutez de la musique fort dans un parc vide à l'aube, puis à midi au "
                "milieu de familles qui pique-niquent. Qu'est-ce qui a changé ?",
                "The rules (freedom) are the same at dawn and at noon; what changed is the "
                "space you can claim (liberty), because others are now present.",
                "Les règles (la liberté) sont les mêmes à l'aube et à midi ; ce qui a changé, "
                "c'est l'espace que vous pouvez revendiquer (les libertés), parce que d'autres "
                "sont désormais présents.",
                [
                    ("The law", "La loi", False),
                    (
                        "My liberty: the space I can claim, because others are there",
                        "Mes libertés : l'espace que je peux revendiquer, parce que d'autres "
                        "sont là",
                        True,
                    ),
                    ("Nothing at all", "Rien du tout", False),
                ],
            ),
        ],
    },
    {
        "slug": "citizen-co-owner",
        "area": A.PERSONAL,
        "order": 2,
        "title_en": "Being a co-owner of my society",
        "title_fr": "Être copropriétaire de ma société",
        "summary_en": (
            "Citizens are co-owners of the societies they live in: citizenship is a profession, "
            "with skills to learn."
        ),
        "summary_fr": (
            "Les citoyens sont copropriétaires des sociétés où ils vivent : la citoyenneté est "
            "une profession, avec des compétences à acquérir."
        ),
        "lesson_en": """\
A city, a state or a country is delimited by borders. A **society** is the result of *all*
the actions taken inside that territory — individual, group and collective. Governments
control only some of those actions; citizens take most of them.

## Co-owners, not customers

Citizens are **co-owners** of the societies in which they live — their city, their region,
their country. That includes politicians, public administrators and civic leaders: they are
citizens too. A co-owner does not only consume services and complain when they fail; a
co-owner takes part in looking after the common property.

## Citizenship as a profession

Because it covers every activity of society, citizenship is a kind of **profession**, and
professions have skills:

- **personal** skills, towards oneself — knowing where one's freedom ends, judging one's
  own actions by their impacts;
- **social** skills, towards others — dialogue, credible information, managing tensions;
- **societal** skills, towards society — knowing who is responsible for what, and how
  decisions are made.

Nobody is born with them: they are learned, alone and together. That is what these lessons
and the study circles of the chapters are for.
""",
        "lesson_fr": """\
Une ville, un État ou un pays est délimité par des frontières. Une **société** est le résultat
de *toutes* les actions menées sur ce territoire — individuelles, de groupe et collectives. Les
gouvernements ne contrôlent qu'une partie de ces actions ; les citoyens en mènent la plupart.

## Copropriétaires, pas clients

Les citoyens sont **copropriétaires** des sociétés où ils vivent — leur ville, leur région,
leur pays. Les élus, les administrateurs publics et les leaders civiques le sont aussi : ils
sont citoyens eux aussi. Un copropriétaire ne se contente pas de consommer des services et de
se plaindre quand ils font défaut ; il participe à l'entretien du bien commun.

## La citoyenneté, une profession

Parce qu'elle couvre toutes les activités de la société, la citoyenneté est une sorte de
**profession**, et une profession demande des compétences :

- **personnelles**, envers soi-même — savoir où s'arrête sa liberté, juger ses propres actions
  à leurs impacts ;
- **sociales**, envers les autres — le dialogue, une information crédible, la gestion des
  tensions ;
- **sociétales**, envers la société — savoir qui est responsable de quoi et comment se prennent
  les décisions.

Personne ne naît avec : elles s'apprennent, seul et ensemble. C'est à cela que servent ces
leçons et les cercles d'étude des chapitres.
""",
        "questions": [
            q(
                "What is the difference between a society and a city or a country?",
                "Quelle est la différence entre une société et une ville ou un pays ?",
                "All of them share a territory. A society is the result of all the actions "
                "occurring in it; a city or a country controls only some of those actions.",
                "Tous partagent un territoire. Une société est le résultat de toutes les "
                "actions qui s'y déroulent ; une ville ou un pays n'en contrôle qu'une partie.",
                [
                    (
                        "A society has no territory",
                        "Une société n'a pas de territoire",
                        False,
                    ),
                    (
                        "A society is the result of all the actions in a territory; a city or "
                        "country controls only some of them",
                        "Une société est le résultat de toutes les actions menées sur un "
                        "territoire ; une ville ou un pays n'en contrôle qu'une partie",
                        True,
                    ),
                    (
                        "There is no difference",
                        "Il n'y a aucune différence",
                        False,
                    ),
                ],
            ),
            q(
                "Who are co-owners of a society?",
                "Qui est copropriétaire d'une société ?",
                "Every citizen is a co-owner — and politicians, public administrators and civic "
                "leaders are citizens too. Owning property or paying a given tax is not what "
                "makes a co-owner.",
                "Tout citoyen est copropriétaire — et les élus, les administrateurs publics et "
                "les leaders civiques sont aussi des citoyens. Ce n'est ni la propriété d'un "
                "bien ni le paiement d'un impôt qui fait le copropriétaire.",
                [
                    ("Every citizen", "Tous les citoyens", True),
                    ("Only property owners", "Seulement les propriétaires", False),
                    (
                        "Elected officials and public administrators, as citizens",
                        "Les élus et les administrateurs publics, en tant que citoyens",
                        True,
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "judging-by-impacts",
        "area": A.PERSONAL,
        "order": 3,
        "title_en": "Judging an action by its impacts",
        "title_fr": "Juger une action à ses impacts",
        "summary_en": (
            "Not ideology but impacts: on citizens' development, on collectivities, on "
            "governments — and compatibility with freedom and liberty."
        ),
        "summary_fr": (
            "Non pas l'idéologie mais les impacts : sur le développement des citoyens, sur les "
            "collectivités, sur les gouvernements — et la compatibilité avec la liberté."
        ),
        "lesson_en": """\
Citizens & Societies is not based on a political, moral or philosophical ideology, but on the
**impacts** our individual, group and collective actions have.

## The three dimensions of a balanced society

The more an action facilitates

1. the **development and societal integration of citizens**,
2. the **functioning and development of their collectivities**,
3. the **functioning and development of their governments**,

while being **compatible with freedom and liberty**, the more it is worth promoting. Some of
these practices become **best practices**, and a best practice that can be applied anywhere
becomes a **challenge** on civic.

## Using it every day

Before you propose, support or oppose something, rate it on the three dimensions — from
"strongly hinders" to "strongly helps" — and ask whose liberty it affects. That is exactly
what the proposal form and the practice assessments on civic ask you to do: the same grid
for everyone, whatever their party.

A useful habit: judge your *own* actions with the same grid. Is the way I take part helping my
fellow citizens develop, or only me?
""",
        "lesson_fr": """\
Citizens & Societies ne repose pas sur une idéologie politique, morale ou philosophique, mais
sur les **impacts** de nos actions individuelles, de groupe et collectives.

## Les trois dimensions d'une société équilibrée

Plus une action facilite

1. le **développement et l'intégration sociétale des citoyens**,
2. le **fonctionnement et le développement de leurs collectivités**,
3. le **fonctionnement et le développement de leurs gouvernements**,

tout en étant **compatible avec la liberté et les libertés**, plus elle mérite d'être promue.
Certaines de ces pratiques deviennent des **meilleures pratiques**, et une meilleure pratique
applicable partout devient un **défi** sur civic.

## S'en servir au quotidien

Avant de proposer, soutenir ou combattre quelque chose, évaluez-le sur les trois dimensions —
de « nuit fortement » à « aide fortement » — et demandez-vous quelles libertés il touche. C'est
exactement ce que vous demandent le formulaire de proposition et l'évaluation des pratiques sur
civic : la même grille pour tous, quel que soit leur parti.

Une bonne habitude : jugez vos *propres* actions avec la même grille. Ma façon de participer
aide-t-elle mes concitoyens à se développer, ou seulement moi ?
""",
        "questions": [
            q(
                "On which dimensions does civic ask you to judge an action?",
                "Sur quelles dimensions civic vous demande-t-il de juger une action ?",
                "The three dimensions of a balanced society are citizens' development and "
                "integration, the functioning of collectivities and the functioning of "
                "governments. Party affiliation is not a dimension: the grid is the same for "
                "everyone.",
                "Les trois dimensions d'une société équilibrée sont le développement et "
                "l'intégration des citoyens, le fonctionnement des collectivités et celui des "
                "gouvernements. L'appartenance à un parti n'en fait pas partie : la grille est "
                "la même pour tous.",
                [
                    (
                        "Citizens' development and integration",
                        "Le développement et l'intégration des citoyens",
                        True,
                    ),
                    (
                        "Functioning of collectivities",
                        "Le fonctionnement des collectivités",
                        True,
                    ),
                    (
                        "Functioning of governments",
                        "Le fonctionnement des gouvernements",
                        True,
                    ),
                    (
                        "Which party proposed it",
                        "Le parti qui la propose",
                        False,
                    ),
                ],
            ),
            q(
                "When does a practice become a challenge on civic?",
                "Quand une pratique devient-elle un défi sur civic ?",
                "A practice assessed positively becomes a best practice; a best practice that "
                "can be applied anywhere (a global best practice) can become a challenge.",
                "Une pratique évaluée positivement devient une meilleure pratique ; une "
                "meilleure pratique applicable partout (une meilleure pratique mondiale) peut "
                "devenir un défi.",
                [
                    (
                        "As soon as someone proposes it",
                        "Dès que quelqu'un la propose",
                        False,
                    ),
                    (
                        "When it is a best practice that can be applied anywhere",
                        "Quand c'est une meilleure pratique applicable partout",
                        True,
                    ),
                    (
                        "When a political party endorses it",
                        "Quand un parti politique la soutient",
                        False,
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "knowing-my-biases",
        "area": A.PERSONAL,
        "order": 4,
        "title_en": "Knowing my own biases",
        "title_fr": "Connaître mes propres biais",
        "summary_en": (
            "We all prefer what confirms what we already think. Knowing it is the first step "
            "towards a fair judgement."
        ),
        "summary_fr": (
            "Nous préférons tous ce qui confirme ce que nous pensons déjà. Le savoir est le "
            "premier pas vers un jugement juste."
        ),
        "lesson_en": """\
Our judgement takes shortcuts. They save time, but they can lead a co-owner of society to
wrong decisions. Three are worth knowing by name.

- **Confirmation bias**: we look for, remember and share what confirms what we already
  believe, and we skip the rest.
- **In-group bias**: we trust an idea more when it comes from "our side" — our
  neighbourhood, our party, our friends — than the same idea from someone else.
- **Availability**: what we saw recently or vividly (one accident, one striking video)
  feels more frequent than it is.

## What to do about it

1. Before supporting a proposal, read the best argument *against* it.
2. Ask yourself: would I judge this the same way if it came from the other side?
3. Look for numbers over a period and a territory, not one story.
4. Change your mind when the evidence changes — and say so. It is a strength, not a defeat.

Nobody is free of biases; competent citizens know theirs and build habits against them.
""",
        "lesson_fr": """\
Notre jugement prend des raccourcis. Ils font gagner du temps, mais ils peuvent conduire un
copropriétaire de la société à de mauvaises décisions. Trois méritent d'être connus par leur
nom.

- **Le biais de confirmation** : nous cherchons, retenons et partageons ce qui confirme ce que
  nous croyons déjà, et nous laissons de côté le reste.
- **Le biais d'appartenance** : nous faisons davantage confiance à une idée quand elle vient
  de « notre camp » — notre quartier, notre parti, nos amis — qu'à la même idée venant d'un
  autre.
- **La disponibilité** : ce que nous avons vu récemment ou de façon marquante (un accident,
  une vidéo frappante) nous semble plus fréquent que ça ne l'est.

## Que faire

1. Avant de soutenir une proposition, lisez le meilleur argument *contre* elle.
2. Demandez-vous : la jugerais-je de la même façon si elle venait de l'autre camp ?
3. Cherchez des chiffres sur une période et un territoire, pas une seule histoire.
4. Changez d'avis quand les faits changent — et dites-le. C'est une force, pas une défaite.

Personne n'échappe aux biais ; un citoyen compétent connaît les siens et prend des habitudes
pour s'en protéger.
""",
        "questions": [
            q(
                "You share an article because it proves you were right, without reading the "
                "studies it cites. Which bias is at work?",
                "Vous partagez un article parce qu'il prouve que vous aviez raison, sans lire "
                "les études qu'il cite. Quel biais est à l'œuvre ?",
                "Looking for and sharing what confirms what we already believe is confirmation "
                "bias.",
                "Chercher et partager ce qui confirme ce que l'on croit déjà, c'est le biais de "
                "confirmation.",
                [
                    ("Confirmation bias", "Le biais de confirmation", True),
                    ("Availability", "La disponibilité", False),
                    ("No bias at all", "Aucun biais", False),
                ],
            ),
            q(
                "Which habits protect you from your biases?",
                "Quelles habitudes vous protègent de vos biais ?",
                "Reading the best counter-argument, checking whether you would judge the same "
                "idea from the other side, and preferring figures over single stories all help. "
                "Following only sources you agree with makes biases stronger.",
                "Lire le meilleur contre-argument, vérifier si vous jugeriez la même idée venant "
                "de l'autre camp et préférer les chiffres aux histoires isolées aident. Ne "
                "suivre que des sources avec lesquelles on est d'accord renforce les biais.",
                [
                    (
                        "Reading the best argument against a proposal before supporting it",
                        "Lire le meilleur argument contre une proposition avant de la soutenir",
                        True,
                    ),
                    (
                        "Following only the sources I agree with",
                        "Ne suivre que les sources avec lesquelles je suis d'accord",
                        False,
                    ),
                    (
                        "Asking whether I would judge it the same if it came from the other side",
                        "Me demander si je la jugerais pareil si elle venait de l'autre camp",
                        True,
                    ),
                    (
                        "Looking for figures over a period rather than one striking story",
                        "Chercher des chiffres sur une période plutôt qu'une histoire frappante",
                        True,
                    ),
                ],
            ),
        ],
    },
    # --- Social -----------------------------------------------------------------------------
    {
        "slug": "constructive-dialogue",
        "area": A.SOCIAL,
        "order": 1,
        "title_en": "Constructive, respectful dialogue",
        "title_fr": "Un dialogue constructif et respectueux",
        "summary_en": (
            "Discuss ideas, not people; say what you propose, not only what you oppose; "
            "source what you state."
        ),
        "summary_fr": (
            "Discuter des idées, pas des personnes ; dire ce que l'on propose, pas seulement ce "
            "que l'on rejette ; sourcer ce que l'on affirme."
        ),
        "lesson_en": """\
A **community of practice** is a forum where dialogue is conducted in a professional way:
constructive and respectful exchanges, and credible information. That is what civic's
comments and consultations aim to be.

## Four habits of a constructive comment

1. **Ideas, not people.** Criticise a proposal, never its author. "This schedule would
   exclude night workers" helps; "only an idiot would propose this" ends the dialogue.
2. **Understand before answering.** Restate the other person's point in your own words —
   "if I understand you, you fear that…" — before disagreeing with it.
3. **Propose, don't only oppose.** Every "no" is more useful with a "what if instead…".
4. **Source what you state.** Facts come with a source (civic's comment form has a field for
   it); opinions are presented as opinions.

## When the tone rises

Take a break before answering. Assume good faith until proven otherwise. If a comment breaks
the code of conduct, flag it rather than answer in kind: moderators are there for that.
""",
        "lesson_fr": """\
Une **communauté de pratique** est un forum où le dialogue se mène de façon professionnelle :
des échanges constructifs et respectueux, et une information crédible. C'est ce que veulent
être les commentaires et les consultations de civic.

## Quatre habitudes d'un commentaire constructif

1. **Les idées, pas les personnes.** Critiquez une proposition, jamais son auteur. « Cet horaire
   exclurait les travailleurs de nuit » aide ; « il faut être idiot pour proposer ça » met fin
   au dialogue.
2. **Comprendre avant de répondre.** Reformulez le point de l'autre avec vos mots — « si je vous
   comprends bien, vous craignez que… » — avant d'exprimer votre désaccord.
3. **Proposer, pas seulement s'opposer.** Chaque « non » est plus utile avec un « et si
   plutôt… ».
4. **Sourcer ce que l'on affirme.** Les faits viennent avec une source (le formulaire de
   commentaire de civic a un champ pour cela) ; les opinions sont présentées comme des opinions.

## Quand le ton monte

Faites une pause avant de répondre. Présumez la bonne foi jusqu'à preuve du contraire. Si un
commentaire enfreint le code de conduite, signalez-le plutôt que de répondre sur le même ton :
les modérateurs sont là pour cela.
""",
        "questions": [
            q(
                "Which comment is the most constructive?",
                "Quel commentaire est le plus constructif ?",
                "It criticises the idea, not the person, explains why, and proposes an "
                "alternative.",
                "Il critique l'idée et non la personne, explique pourquoi et propose une "
                "alternative.",
                [
                    (
                        '"Whoever wrote this knows nothing about our neighbourhood."',
                        "« Celui qui a écrit ça ne connaît rien à notre quartier. »",
                        False,
                    ),
                    (
                        '"Closing the street on Saturdays would cut the market off from '
                        'delivery vans; what about Sunday mornings instead?"',
                        "« Fermer la rue le samedi couperait le marché des camionnettes de "
                        "livraison ; pourquoi pas plutôt le dimanche matin ? »",
                        True,
                    ),
                    ('"No."', "« Non. »", False),
                ],
            ),
            q(
                "A comment insults you. What should you do?",
                "Un commentaire vous insulte. Que faire ?",
                "Flag it for the moderators and take a break before answering, if you answer at "
                "all. Answering in kind turns a discussion into a fight.",
                "Le signaler aux modérateurs et faire une pause avant de répondre, si vous "
                "répondez. Répondre sur le même ton transforme une discussion en bagarre.",
                [
                    (
                        "Flag it for the moderators",
                        "Le signaler aux modérateurs",
                        True,
                    ),
                    ("Answer with a stronger insult", "Répondre par une insulte plus forte", False),
                    (
                        "Take a break before answering",
                        "Faire une pause avant de répondre",
                        True,
                    ),
                ],
            ),
            q(
                "What is a community of practice?",
                "Qu'est-ce qu'une communauté de pratique ?",
                "In the founding texts, a community of practice is a forum where dialogue is "
                "professional: constructive and respectful exchanges, credible information.",
                "Dans les textes fondateurs, une communauté de pratique est un forum où le "
                "dialogue est professionnel : échanges constructifs et respectueux, information "
                "crédible.",
                [
                    (
                        "A group of people who all agree",
                        "Un groupe de personnes qui sont toutes d'accord",
                        False,
                    ),
                    (
                        "A forum with constructive, respectful exchanges and credible information",
                        "Un forum aux échanges constructifs et respectueux, à l'information "
                        "crédible",
                        True,
                    ),
                    ("A professional union", "Un syndicat professionnel", False),
                ],
            ),
        ],
    },
    {
        "slug": "checking-sources",
        "area": A.SOCIAL,
        "order": 2,
        "title_en": "Checking a source before sharing it",
        "title_fr": "Vérifier une source avant de la partager",
        "summary_en": (
            "Who says it, what is it based on, what do others say? Three questions before sharing."
        ),
        "summary_fr": (
            "Qui le dit, sur quoi cela repose-t-il, que disent les autres ? Trois questions "
            "avant de partager."
        ),
        "lesson_en": """\
Sharing information is an act with consequences: what we share shapes what our fellow
citizens believe and decide. Credible information sharing is part of a community of
practice.

## Three questions before sharing

1. **Who says it?** An official body, a researcher, a newspaper with a correction policy, an
   anonymous account? Look for the author and what they have to gain.
2. **What is it based on?** A study, official figures, a document you can open — or nothing
   you can check? Follow the link to the original source.
3. **What do others say?** Read *laterally*: open other sources about the same claim before
   going deeper into the first one. If no independent source confirms it, wait.

## Warning signs

- a headline that makes you angry or afraid at once;
- no date, or an old story shared as new;
- a picture without context (search for it: it may come from another place or year).

On civic, the **Sources** field of a comment lets others check what you state. Use it, and
ask politely for the sources of others.
""",
        "lesson_fr": """\
Partager une information est un acte qui a des conséquences : ce que nous partageons façonne ce
que nos concitoyens croient et décident. Partager une information crédible fait partie d'une
communauté de pratique.

## Trois questions avant de partager

1. **Qui le dit ?** Un organisme officiel, un chercheur, un journal qui publie ses
   corrections, un compte anonyme ? Cherchez l'auteur et ce qu'il a à y gagner.
2. **Sur quoi cela repose-t-il ?** Une étude, des chiffres officiels, un document que l'on
   peut ouvrir — ou rien de vérifiable ? Suivez le lien jusqu'à la source d'origine.
3. **Que disent les autres ?** Lisez *latéralement* : ouvrez d'autres sources sur la même
   affirmation avant d'approfondir la première. Si aucune source indépendante ne la confirme,
   attendez.

## Signaux d'alerte

- un titre qui vous met immédiatement en colère ou vous fait peur ;
- pas de date, ou une vieille histoire partagée comme nouvelle ;
- une image sans contexte (cherchez-la : elle vient peut-être d'un autre lieu ou d'une autre
  année).

Sur civic, le champ **Sources** d'un commentaire permet aux autres de vérifier ce que vous
affirmez. Utilisez-le, et demandez poliment leurs sources aux autres.
""",
        "questions": [
            q(
                "A striking photo of a flooded street is going round with the caption "
                '"yesterday in our city". What do you do first?',
                "Une photo frappante d'une rue inondée circule avec la légende « hier dans notre "
                "ville ». Que faites-vous d'abord ?",
                "Search for the picture and look for other sources: pictures are often reused "
                'from another place or year. Sharing first, even "just in case", spreads what '
                "may be false.",
                "Chercher l'image et d'autres sources : les photos sont souvent reprises d'un "
                "autre lieu ou d'une autre année. Partager d'abord, même « au cas où », propage "
                "ce qui est peut-être faux.",
                [
                    (
                        "Share it at once, in case it is true",
                        "La partager tout de suite, au cas où ce serait vrai",
                        False,
                    ),
                    (
                        "Search for the picture and check other sources",
                        "Chercher l'image et vérifier d'autres sources",
                        True,
                    ),
                    (
                        "Trust it if many people shared it",
                        "Lui faire confiance si beaucoup l'ont partagée",
                        False,
                    ),
                ],
            ),
            q(
                "Which are warning signs?",
                "Lesquels sont des signaux d'alerte ?",
                "A headline designed to anger or frighten, a missing date and a picture without "
                "context are classic warning signs. A link to the original official document is "
                "the opposite: something you can check.",
                "Un titre fait pour mettre en colère ou faire peur, une date absente et une image "
                "sans contexte sont des signaux d'alerte classiques. Un lien vers le document "
                "officiel d'origine est le contraire : quelque chose que l'on peut vérifier.",
                [
                    (
                        "A headline that makes you angry at once",
                        "Un titre qui vous met immédiatement en colère",
                        True,
                    ),
                    ("No date", "Pas de date", True),
                    (
                        "A link to the original official document",
                        "Un lien vers le document officiel d'origine",
                        False,
                    ),
                    (
                        "A picture without context",
                        "Une image sans contexte",
                        True,
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "managing-tensions",
        "area": A.SOCIAL,
        "order": 3,
        "title_en": "Preventing and resolving tensions",
        "title_fr": "Prévenir et résoudre les tensions",
        "summary_en": (
            "Tensions are natural among social beings; a society is measured by how it "
            "prevents, resolves and manages them."
        ),
        "summary_fr": (
            "Les tensions sont naturelles entre êtres sociaux ; une société se mesure à sa "
            "façon de les prévenir, de les résoudre et de les gérer."
        ),
        "lesson_en": """\
Because we are social beings living in collectivities, **tensions, frictions and conflicts
arise naturally**. The founding texts see the underlying goal of every society as preventing,
resolving and managing them — and the balanced society as the most effective way to do it.

## Interests behind positions

In a conflict, people state **positions** ("no bar on this street!"). Behind them are
**interests** (sleeping at night, a lively neighbourhood, safe streets). Positions often
exclude each other; interests can often be met together (a bar that closes its terrace at
10 p.m.).

## A simple path

1. **Listen** to each side until they feel understood.
2. **Name the interests**, not only the positions.
3. **Look for options** that serve several interests; invent before judging.
4. **Agree on fair criteria** (rules, facts, what was done elsewhere) to choose.

This is also why Citizens & Societies proposes a **Department of Peace** in every country:
institutions, not only individuals, can learn to prevent and resolve conflicts.
""",
        "lesson_fr": """\
Parce que nous sommes des êtres sociaux vivant en collectivités, **les tensions, les frictions
et les conflits surgissent naturellement**. Les textes fondateurs voient le but profond de
toute société dans leur prévention, leur résolution et leur gestion — et la société équilibrée
comme la façon la plus efficace d'y parvenir.

## Les intérêts derrière les positions

Dans un conflit, chacun affirme des **positions** (« pas de bar dans cette rue ! »). Derrière se
trouvent des **intérêts** (dormir la nuit, un quartier vivant, des rues sûres). Les positions
s'excluent souvent ; les intérêts peuvent souvent être satisfaits ensemble (un bar qui ferme sa
terrasse à 22 h).

## Un chemin simple

1. **Écouter** chaque partie jusqu'à ce qu'elle se sente comprise.
2. **Nommer les intérêts**, pas seulement les positions.
3. **Chercher des options** qui servent plusieurs intérêts ; inventer avant de juger.
4. **S'accorder sur des critères justes** (règles, faits, ce qui s'est fait ailleurs) pour
   choisir.

C'est aussi pourquoi Citizens & Societies propose un **ministère de la Paix** dans chaque pays :
les institutions, pas seulement les individus, peuvent apprendre à prévenir et résoudre les
conflits.
""",
        "questions": [
            q(
                'Neighbours say "no bar on this street!". Which of these is an interest '
                "behind that position?",
                "Des voisins disent « pas de bar dans cette rue ! ». Lequel de ces éléments est "
                "un intérêt derrière cette position ?",
                "Sleeping at night is the interest; the slogan is the position. Naming the "
                "interest opens options, such as a terrace that closes early.",
                "Dormir la nuit est l'intérêt ; le slogan est la position. Nommer l'intérêt ouvre "
                "des options, comme une terrasse qui ferme tôt.",
                [
                    (
                        "Being able to sleep at night",
                        "Pouvoir dormir la nuit",
                        True,
                    ),
                    ('"No bar on this street!"', "« Pas de bar dans cette rue ! »", False),
                    ("Winning against the bar owner", "Gagner contre le patron du bar", False),
                ],
            ),
            q(
                "According to the founding texts, what is the underlying goal of every society?",
                "Selon les textes fondateurs, quel est le but profond de toute société ?",
                "To prevent, resolve and manage the tensions, frictions and conflicts that "
                "naturally arise among social beings living in collectivities.",
                "Prévenir, résoudre et gérer les tensions, frictions et conflits qui surgissent "
                "naturellement entre êtres sociaux vivant en collectivités.",
                [
                    (
                        "To prevent, resolve and manage tensions and conflicts",
                        "Prévenir, résoudre et gérer les tensions et les conflits",
                        True,
                    ),
                    ("To avoid any disagreement", "Éviter tout désaccord", False),
                    (
                        "To grow the economy at any cost",
                        "Faire croître l'économie à tout prix",
                        False,
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "acting-together",
        "area": A.SOCIAL,
        "order": 4,
        "title_en": "Acting together in a chapter",
        "title_fr": "Agir ensemble dans un chapitre",
        "summary_en": (
            "Bottom-up change is group work: joining, preparing meetings, sharing the tasks, "
            "welcoming newcomers."
        ),
        "summary_fr": (
            "Le changement par la base est un travail de groupe : adhérer, préparer les "
            "réunions, partager les tâches, accueillir les nouveaux."
        ),
        "lesson_en": """\
Citizens & Societies is a **bottom-up** approach: citizens propose changes to their elected
representatives, and **local and national chapters** coordinate the efforts. A challenge such
as 50/50 is reached when enough chapters take it up.

## A good member

- **Comes prepared**: reads the agenda, says in advance whether they will come (the RSVP helps
  organisers find a room of the right size).
- **Takes a task**, even a small one: taking notes, checking who is responsible for the topic,
  writing a first draft of a proposal.
- **Welcomes newcomers**: explains the vocabulary, offers them a first task.
- **Keeps the group open**: a chapter speaks for its members, not for everyone; it invites
  other views.

## A good meeting

A clear goal, an agenda sent beforehand, a time limit, and at the end: **who does what by
when**. A study circle — a meeting on one competence — is a good way to start: you learn
together, then act together.
""",
        "lesson_fr": """\
Citizens & Societies est une démarche **par la base** : les citoyens proposent des changements
à leurs élus, et les **chapitres locaux et nationaux** coordonnent les efforts. Un défi comme le
50/50 est atteint quand assez de chapitres s'en emparent.

## Un bon membre

- **Vient préparé** : lit l'ordre du jour, dit à l'avance s'il viendra (l'inscription aide les
  organisateurs à trouver une salle de la bonne taille).
- **Prend une tâche**, même petite : prendre des notes, vérifier qui est responsable du sujet,
  écrire un premier brouillon de proposition.
- **Accueille les nouveaux** : explique le vocabulaire, leur propose une première tâche.
- **Garde le groupe ouvert** : un chapitre parle pour ses membres, pas pour tout le monde ; il
  invite d'autres points de vue.

## Une bonne réunion

Un objectif clair, un ordre du jour envoyé à l'avance, une durée limitée et, à la fin : **qui
fait quoi pour quand**. Un cercle d'étude — une réunion sur une compétence — est une bonne façon
de commencer : on apprend ensemble, puis on agit ensemble.
""",
        "questions": [
            q(
                "What should every chapter meeting end with?",
                "Par quoi chaque réunion de chapitre devrait-elle se terminer ?",
                "Who does what by when: without it, good discussions rarely turn into action.",
                "Qui fait quoi pour quand : sans cela, les bonnes discussions deviennent rarement "
                "des actions.",
                [
                    ("A vote on everything", "Un vote sur tout", False),
                    (
                        "Who does what by when",
                        "Qui fait quoi pour quand",
                        True,
                    ),
                    ("Nothing in particular", "Rien de particulier", False),
                ],
            ),
            q(
                "Why say in advance that you will come (RSVP)?",
                "Pourquoi dire à l'avance que l'on viendra (s'inscrire) ?",
                "It lets organisers plan a room of the right size, and they can record who came "
                "— for a study circle, that counts in your progress.",
                "Cela permet aux organisateurs de prévoir une salle de la bonne taille, et ils "
                "peuvent noter qui est venu — pour un cercle d'étude, cela compte dans votre "
                "progression.",
                [
                    (
                        "Organisers can plan a room of the right size",
                        "Les organisateurs peuvent prévoir une salle de la bonne taille",
                        True,
                    ),
                    (
                        "Organisers can record who came, which counts for a study circle",
                        "Les organisateurs peuvent noter qui est venu, ce qui compte pour un "
                        "cercle d'étude",
                        True,
                    ),
                    (
                        "It obliges you to vote like the organisers",
                        "Cela vous oblige à voter comme les organisateurs",
                        False,
                    ),
                ],
            ),
        ],
    },
    # --- Societal ---------------------------------------------------------------------------
    {
        "slug": "who-is-responsible",
        "area": A.SOCIETAL,
        "order": 1,
        "title_en": "Knowing who is responsible for what, at each level",
        "title_fr": "Savoir qui est responsable de quoi, à chaque niveau",
        "summary_en": (
            "City, region, nation, union, agencies: each decides on some matters. Address the "
            "right one."
        ),
        "summary_fr": (
            "Ville, région, nation, union, agences : chacun décide de certaines questions. "
            "S'adresser au bon."
        ),
        "lesson_en": """\
James lives in Paris. He is also an inhabitant of Île-de-France, a French citizen and a
European. Who deals with his waste collection schedule, the motorway he drives on, the interest
rate of his loan? It is hard to know — and a proposal sent to the wrong level gets lost.

## The levels

- **The city** (or municipality): often waste collection, local streets, schools' buildings,
  local planning.
- **Intermediate levels** (county, department, region, province, state): often secondary
  schools, regional transport, economic development.
- **The nation**: laws, justice, defence, national roads and motorways.
- **Unions of nations and international bodies**: for example the European Union's rules.
- **Organisations and agencies** that are not places: a metropolitan authority, a utility, a
  central bank (interest rates are set by the central bank, not by the government).

Who does what **varies from country to country and sometimes from city to city** (in Paris,
some waste matters belong to the Métropole du Grand Paris). That is why civic's
[Who is responsible?](/responsible/) page answers for a topic *and* a place, and shows the rule
it used and its source.

## Why it matters

Addressing the right level means your proposal reaches the people who can act on it, and it
lets you hold the right people to account.
""",
        "lesson_fr": """\
James habite Paris. Il est aussi Francilien, citoyen français et Européen. Qui s'occupe des
horaires de collecte de ses déchets, de l'autoroute qu'il emprunte, du taux d'intérêt de son
prêt ? Difficile de le savoir — et une proposition envoyée au mauvais niveau se perd.

## Les niveaux

- **La ville** (ou commune) : souvent la collecte des déchets, les rues locales, les bâtiments
  des écoles, l'urbanisme local.
- **Les niveaux intermédiaires** (département, région, province, État fédéré) : souvent les
  collèges et lycées, les transports régionaux, le développement économique.
- **La nation** : les lois, la justice, la défense, les routes nationales et les autoroutes.
- **Les unions de nations et les organismes internationaux** : par exemple les règles de
  l'Union européenne.
- **Les organisations et agences** qui ne sont pas des lieux : une métropole, un service public
  en réseau, une banque centrale (les taux d'intérêt sont fixés par la banque centrale, pas par
  le gouvernement).

Qui fait quoi **varie d'un pays à l'autre, et parfois d'une ville à l'autre** (à Paris,
certaines questions de déchets relèvent de la Métropole du Grand Paris). C'est pourquoi la page
[Qui est responsable ?](/responsible/) de civic répond pour un sujet *et* un lieu, et montre la
règle utilisée et sa source.

## Pourquoi c'est important

S'adresser au bon niveau, c'est faire arriver sa proposition chez ceux qui peuvent agir, et
pouvoir demander des comptes aux bonnes personnes.
""",
        "questions": [
            q(
                "In the euro area, who sets the interest rates?",
                "Dans la zone euro, qui fixe les taux d'intérêt ?",
                "Interest rates are set by the central bank — the European Central Bank for the "
                "euro area — not by the national government or the city.",
                "Les taux d'intérêt sont fixés par la banque centrale — la Banque centrale "
                "européenne pour la zone euro — et non par le gouvernement national ou la ville.",
                [
                    ("The national government", "Le gouvernement national", False),
                    ("The European Central Bank", "La Banque centrale européenne", True),
                    ("The city council", "Le conseil municipal", False),
                ],
            ),
            q(
                "Which statements are true?",
                "Quelles affirmations sont vraies ?",
                "Who does what varies between countries and even between cities, and some "
                "deciders are organisations rather than places (a metropolitan authority, a "
                "central bank). So it is always worth checking for your own place.",
                "Qui fait quoi varie entre les pays et même entre les villes, et certains "
                "décideurs sont des organisations plutôt que des lieux (une métropole, une "
                "banque centrale). Il vaut donc toujours la peine de vérifier pour son propre "
                "lieu.",
                [
                    (
                        "Who does what can differ from one city to another in the same country",
                        "Qui fait quoi peut différer d'une ville à l'autre dans un même pays",
                        True,
                    ),
                    (
                        "Every matter is decided by the national government",
                        "Toutes les questions sont tranchées par le gouvernement national",
                        False,
                    ),
                    (
                        "Some deciders are organisations, not places",
                        "Certains décideurs sont des organisations, pas des lieux",
                        True,
                    ),
                ],
            ),
            q(
                "Why address a proposal to the right level?",
                "Pourquoi adresser une proposition au bon niveau ?",
                "Because only the level that holds the responsibility can act on it, and it is "
                "the one you can hold to account.",
                "Parce que seul le niveau qui détient la responsabilité peut agir, et c'est lui "
                "à qui l'on peut demander des comptes.",
                [
                    (
                        "So that it reaches those who can act on it",
                        "Pour qu'elle arrive chez ceux qui peuvent agir",
                        True,
                    ),
                    ("It makes no difference", "Cela ne change rien", False),
                    (
                        "To get more supports",
                        "Pour obtenir plus de soutiens",
                        False,
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "proposal-to-policy",
        "area": A.SOCIETAL,
        "order": 2,
        "title_en": "How a proposal becomes policy",
        "title_fr": "Comment une proposition devient une politique",
        "summary_en": (
            "From a draft to an answer, and from an answer to a decision, a budget line and a "
            "service that changes."
        ),
        "summary_fr": (
            "D'un brouillon à une réponse, et d'une réponse à une décision, une ligne "
            "budgétaire et un service qui change."
        ),
        "lesson_en": """\
Authority is delegated: **citizens** delegate some of theirs to **elected officials**, who
delegate to **legislative assemblies**, who delegate to **public administrators**, who
delegate to **front-line workers**, who serve **citizens**. A proposal travels along that
chain.

## On civic

1. **Draft**: you write it, privately, and address it to the place or organisation that can
   act (check who is responsible first).
2. **Submitted**: its decision makers are told. Fellow citizens can support and comment on it.
3. **Read**: you see when a decision maker has opened it.
4. **Under consideration**, then an **answer**: accepted, declined (with reasons) or
   implemented. It may also be **transferred** to the level that is really responsible.

## After "accepted"

Acceptance is a beginning. To become policy, a proposal usually needs:

- a **decision** by the competent body (a council vote, an order, a law);
- **money**: a line in the budget — and budgets are voted once a year;
- **implementation** by the administration and the front-line services.

Follow your proposal and ask, politely and publicly, where it stands: civic's accountability
pages show how each space reads and answers citizens.
""",
        "lesson_fr": """\
L'autorité se délègue : les **citoyens** en délèguent une partie aux **élus**, qui en
délèguent aux **assemblées législatives**, qui en délèguent aux **administrateurs publics**,
qui en délèguent aux **agents de terrain**, qui servent les **citoyens**. Une proposition
voyage le long de cette chaîne.

## Sur civic

1. **Brouillon** : vous la rédigez, en privé, et l'adressez au lieu ou à l'organisation qui
   peut agir (vérifiez d'abord qui est responsable).
2. **Soumise** : ses décideurs sont prévenus. Vos concitoyens peuvent la soutenir et la
   commenter.
3. **Lue** : vous voyez quand un décideur l'a ouverte.
4. **À l'étude**, puis une **réponse** : acceptée, refusée (avec ses raisons) ou mise en œuvre.
   Elle peut aussi être **transférée** au niveau réellement responsable.

## Après « acceptée »

L'acceptation est un début. Pour devenir une politique, une proposition a généralement besoin :

- d'une **décision** de l'instance compétente (un vote du conseil, un arrêté, une loi) ;
- d'**argent** : une ligne dans le budget — et les budgets se votent une fois par an ;
- d'une **mise en œuvre** par l'administration et les services de terrain.

Suivez votre proposition et demandez, poliment et publiquement, où elle en est : les pages de
redevabilité de civic montrent comment chaque espace lit les citoyens et leur répond.
""",
        "questions": [
            q(
                "Put yourself in the chain of delegation: after elected officials and "
                "legislative assemblies, who comes next?",
                "Dans la chaîne de délégation : après les élus et les assemblées législatives, "
                "qui vient ensuite ?",
                "Assemblies delegate to public administrators, who delegate to front-line "
                "workers, who serve citizens — closing the loop.",
                "Les assemblées délèguent aux administrateurs publics, qui délèguent aux agents "
                "de terrain, qui servent les citoyens — la boucle est bouclée.",
                [
                    ("Public administrators", "Les administrateurs publics", True),
                    ("Political parties", "Les partis politiques", False),
                    ("The media", "Les médias", False),
                ],
            ),
            q(
                "Your proposal is accepted. What does it usually still need to become policy?",
                "Votre proposition est acceptée. De quoi a-t-elle encore besoin, en général, pour "
                "devenir une politique ?",
                "A formal decision by the competent body, money in the budget and "
                "implementation by the services. A number of supports matters before the "
                "answer, not after.",
                "Une décision formelle de l'instance compétente, de l'argent dans le budget et "
                "une mise en œuvre par les services. Le nombre de soutiens compte avant la "
                "réponse, pas après.",
                [
                    (
                        "A decision by the competent body",
                        "Une décision de l'instance compétente",
                        True,
                    ),
                    ("A line in the budget", "Une ligne dans le budget", True),
                    (
                        "Implementation by the administration",
                        "Une mise en œuvre par l'administration",
                        True,
                    ),
                    (
                        "A thousand more supports",
                        "Mille soutiens de plus",
                        False,
                    ),
                ],
            ),
            q(
                "A decision maker finds your proposal belongs to another level. What can happen "
                "on civic?",
                "Un décideur estime que votre proposition relève d'un autre niveau. Que peut-il "
                "se passer sur civic ?",
                "It can be transferred to the responsible level, and you are told — rather than "
                "declined for being at the wrong address.",
                "Elle peut être transférée au niveau responsable, et vous en êtes informé — "
                "plutôt que refusée pour erreur d'adresse.",
                [
                    ("It is deleted", "Elle est supprimée", False),
                    (
                        "It is transferred to the responsible level",
                        "Elle est transférée au niveau responsable",
                        True,
                    ),
                    ("Nothing: it stays unread", "Rien : elle reste non lue", False),
                ],
            ),
        ],
    },
    {
        "slug": "elections-and-mtr",
        "area": A.SOCIETAL,
        "order": 3,
        "title_en": "How assemblies are elected — and how MTR would change that",
        "title_fr": "Comment les assemblées sont élues — et ce que la RTM y changerait",
        "summary_en": (
            "Single-member districts elect one person each; Mixed Territorial Representation "
            "pairs them to elect one woman and one man."
        ),
        "summary_fr": (
            "Les circonscriptions uninominales élisent une personne chacune ; la "
            "Représentation territoriale mixte les regroupe par deux pour élire une femme et "
            "un homme."
        ),
        "lesson_en": """\
Many city councils and parliaments are elected in **single-member districts**: the territory
is cut into districts, and each district elects **one** representative (often whoever gets the
most votes). Nothing in that tool balances the assembly: when the electoral system was first
designed, women did not even take part, and today the tool still produces assemblies with far
more men than women.

## Mixed Territorial Representation (MTR)

MTR changes the tool, not the voters:

- neighbouring districts are **paired two by two** into mixed districts — half as many;
- each mixed district elects **one woman and one man**: every voter chooses one woman among
  the women standing and one man among the men standing;
- the **number of seats does not change**, so the assembly is exactly **50 % women and
  50 % men**.

It is easy to put into operation, has a very large impact for half of the world's
population, costs governments nothing extra, and has a high return on societal investment.
It is the practice behind the [50/50 challenge](/challenges/fifty-fifty/), where a calculator
shows what MTR would do to your own assembly.

## Other systems

Proportional lists, mixed-member systems and others exist; each has its own way of
translating votes into seats. Knowing how *your* assembly is elected is the first step to
judging whether it is balanced.
""",
        "lesson_fr": """\
Beaucoup de conseils municipaux et de parlements sont élus dans des **circonscriptions
uninominales** : le territoire est découpé en circonscriptions, et chacune élit **un**
représentant (souvent celui qui obtient le plus de voix). Rien dans cet outil n'équilibre
l'assemblée : quand le système électoral a été conçu, les femmes n'y participaient même pas, et
aujourd'hui l'outil produit encore des assemblées comptant bien plus d'hommes que de femmes.

## La Représentation territoriale mixte (RTM)

La RTM change l'outil, pas les électeurs :

- les circonscriptions voisines sont **regroupées deux par deux** en circonscriptions mixtes —
  deux fois moins nombreuses ;
- chaque circonscription mixte élit **une femme et un homme** : chaque électeur choisit une
  femme parmi les candidates et un homme parmi les candidats ;
- le **nombre de sièges ne change pas**, donc l'assemblée compte exactement **50 % de femmes et
  50 % d'hommes**.

Elle est facile à mettre en œuvre, a un impact considérable pour la moitié de la population
mondiale, ne coûte rien de plus aux gouvernements et offre un fort rendement sociétal. C'est la
pratique derrière le [défi 50/50](/challenges/fifty-fifty/), où un calculateur montre ce que la
RTM ferait à votre propre assemblée.

## Les autres systèmes

Les listes proportionnelles, les systèmes mixtes et d'autres existent ; chacun a sa façon de
traduire les voix en sièges. Savoir comment *votre* assemblée est élue est le premier pas pour
juger si elle est équilibrée.
""",
        "questions": [
            q(
                "An assembly of 18 seats is elected in 18 single-member districts. With MTR, how "
                "many mixed districts are there, and who do they elect?",
                "Une assemblée de 18 sièges est élue dans 18 circonscriptions uninominales. Avec "
                "la RTM, combien y a-t-il de circonscriptions mixtes, et qui élisent-elles ?",
                "Districts are paired two by two: 9 mixed districts, each electing one woman and "
                "one man — 9 women and 9 men, still 18 seats.",
                "Les circonscriptions sont regroupées deux par deux : 9 circonscriptions mixtes, "
                "chacune élisant une femme et un homme — 9 femmes et 9 hommes, toujours 18 "
                "sièges.",
                [
                    (
                        "9 mixed districts, each electing one woman and one man",
                        "9 circonscriptions mixtes, chacune élisant une femme et un homme",
                        True,
                    ),
                    (
                        "18 districts, each electing a woman and a man: 36 seats",
                        "18 circonscriptions élisant chacune une femme et un homme : 36 sièges",
                        False,
                    ),
                    (
                        "One national list",
                        "Une liste nationale unique",
                        False,
                    ),
                ],
            ),
            q(
                "What does MTR change?",
                "Que change la RTM ?",
                "MTR pairs districts and gives each voter two choices, one woman and one man. "
                "The number of seats stays the same, and so do the operating costs.",
                "La RTM regroupe les circonscriptions et donne à chaque électeur deux choix, une "
                "femme et un homme. Le nombre de sièges reste le même, et les coûts de "
                "fonctionnement aussi.",
                [
                    (
                        "Neighbouring districts are paired",
                        "Les circonscriptions voisines sont regroupées par deux",
                        True,
                    ),
                    (
                        "Each voter chooses one woman and one man",
                        "Chaque électeur choisit une femme et un homme",
                        True,
                    ),
                    (
                        "The number of seats doubles",
                        "Le nombre de sièges double",
                        False,
                    ),
                    (
                        "Governments pay much more to run elections",
                        "Les gouvernements paient beaucoup plus pour organiser les élections",
                        False,
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "reading-a-public-budget",
        "area": A.SOCIETAL,
        "order": 4,
        "title_en": "Reading a public budget",
        "title_fr": "Lire un budget public",
        "summary_en": (
            "Operating and investment, revenue and spending, voted and executed: the few "
            "notions that unlock a budget."
        ),
        "summary_fr": (
            "Fonctionnement et investissement, recettes et dépenses, voté et exécuté : les "
            "quelques notions qui ouvrent un budget."
        ),
        "lesson_en": """\
A public budget says, in figures, what a government intends to do in a year. It is voted by
the assembly, and everyone may read it. A few notions are enough to start.

## Revenue and spending

- **Revenue**: local and national taxes, fees for services, transfers from other levels of
  government, and borrowing.
- **Spending**: what the money is used for, presented by **function** (schools, transport,
  waste…) or by **nature** (salaries, purchases, subsidies).

## Operating and investment

- **Operating** spending comes back every year: salaries, energy, maintenance.
- **Investment** spending builds things that last: a school, a tramway, a park. It is often
  financed by borrowing, and it creates operating costs later (the new school needs
  teachers, heating, cleaning).

## Voted and executed

The **budget** is a forecast, voted before the year begins. The **accounts** (or execution
report), published after the year, say what was really spent. Compare them: a large gap
tells a story.

## Three questions to ask

1. How much per inhabitant? (Divide by the population.)
2. How did it change from last year, and why?
3. Which level pays, and which level decides? They are not always the same.
""",
        "lesson_fr": """\
Un budget public dit, en chiffres, ce qu'un gouvernement a l'intention de faire dans l'année. Il
est voté par l'assemblée, et chacun peut le lire. Quelques notions suffisent pour commencer.

## Recettes et dépenses

- **Recettes** : impôts locaux et nationaux, redevances pour services rendus, dotations
  d'autres niveaux de gouvernement, et emprunt.
- **Dépenses** : ce à quoi sert l'argent, présenté par **fonction** (écoles, transports,
  déchets…) ou par **nature** (salaires, achats, subventions).

## Fonctionnement et investissement

- Les dépenses de **fonctionnement** reviennent chaque année : salaires, énergie, entretien.
- Les dépenses d'**investissement** construisent ce qui dure : une école, un tramway, un parc.
  Elles sont souvent financées par l'emprunt, et créent plus tard des coûts de fonctionnement
  (la nouvelle école a besoin d'enseignants, de chauffage, de ménage).

## Voté et exécuté

Le **budget** est une prévision, votée avant le début de l'année. Le **compte administratif**
(ou rapport d'exécution), publié après l'année, dit ce qui a vraiment été dépensé. Comparez-les :
un grand écart raconte une histoire.

## Trois questions à poser

1. Combien par habitant ? (Divisez par la population.)
2. Comment cela a-t-il évolué depuis l'an dernier, et pourquoi ?
3. Quel niveau paie, et quel niveau décide ? Ce ne sont pas toujours les mêmes.
""",
        "questions": [
            q(
                "Which of these are investment spending?",
                "Lesquelles de ces dépenses sont des investissements ?",
                "Building a school and a tramway line create lasting assets: investment. "
                "Teachers' salaries and the heating bill come back every year: operating.",
                "Construire une école ou une ligne de tramway crée un bien durable : c'est de "
                "l'investissement. Les salaires des enseignants et la facture de chauffage "
                "reviennent chaque année : c'est du fonctionnement.",
                [
                    ("Building a new school", "Construire une nouvelle école", True),
                    ("Teachers' salaries", "Les salaires des enseignants", False),
                    ("A new tramway line", "Une nouvelle ligne de tramway", True),
                    ("The heating bill", "La facture de chauffage", False),
                ],
            ),
            q(
                "Where do you find what was really spent last year?",
                "Où trouve-t-on ce qui a réellement été dépensé l'an dernier ?",
                "The budget is a forecast voted in advance; the accounts (execution report) "
                "published after the year show what was really spent.",
                "Le budget est une prévision votée à l'avance ; le compte administratif (rapport "
                "d'exécution), publié après l'année, montre ce qui a réellement été dépensé.",
                [
                    (
                        "In the budget voted before the year",
                        "Dans le budget voté avant l'année",
                        False,
                    ),
                    (
                        "In the accounts published after the year",
                        "Dans les comptes publiés après l'année",
                        True,
                    ),
                    ("In the mayor's speech", "Dans le discours du maire", False),
                ],
            ),
        ],
    },
    {
        "slug": "chain-of-delegation",
        "area": A.SOCIETAL,
        "order": 5,
        "title_en": "The chain of delegation: holding it to account",
        "title_fr": "La chaîne de délégation : lui demander des comptes",
        "summary_en": (
            "Citizens delegate authority and responsibilities; each link answers to the one "
            "before it. Knowing the chain is knowing whom to ask."
        ),
        "summary_fr": (
            "Les citoyens délèguent autorité et responsabilités ; chaque maillon répond au "
            "précédent. Connaître la chaîne, c'est savoir à qui demander."
        ),
        "lesson_en": """\
The bottom-up approach is compatible with the delegation of authority, which starts with
citizens:

1. **citizens** delegate some of their authority and responsibilities to
2. **elected officials**, who delegate some of theirs to
3. **legislative assemblies**, who delegate to
4. **public administrators**, who delegate to
5. **front-line workers**, who serve
6. **citizens**

— while remembering that we are *all* citizens and co-owners of our societies.

## Holding each link to account

- A **front-line service** (a bus line, a library) answers for the service it gives; ask
  it first about daily problems.
- **Administrators** answer for how rules are applied; ask them about procedures and delays.
- **Assemblies** answer for the rules and the budget; address proposals that need a new rule
  or money to them.
- **Elected officials** answer to voters; ask them publicly what they did with what was
  proposed.

On civic, you see when a proposal was **read**, whether it got an **answer**, and each space's
accountability page shows how it reads and answers citizens. Delegating is not abandoning:
co-owners keep an eye on what they delegated.
""",
        "lesson_fr": """\
La démarche par la base est compatible avec la délégation d'autorité, qui commence par les
citoyens :

1. les **citoyens** délèguent une partie de leur autorité et de leurs responsabilités aux
2. **élus**, qui en délèguent une partie aux
3. **assemblées législatives**, qui en délèguent aux
4. **administrateurs publics**, qui en délèguent aux
5. **agents de terrain**, qui servent les
6. **citoyens**

— sans oublier que nous sommes *tous* citoyens et copropriétaires de nos sociétés.

## Demander des comptes à chaque maillon

- Un **service de terrain** (une ligne de bus, une bibliothèque) répond du service rendu ;
  interrogez-le d'abord sur les problèmes du quotidien.
- Les **administrateurs** répondent de l'application des règles ; interrogez-les sur les
  procédures et les délais.
- Les **assemblées** répondent des règles et du budget ; adressez-leur les propositions qui
  demandent une nouvelle règle ou de l'argent.
- Les **élus** répondent devant les électeurs ; demandez-leur publiquement ce qu'ils ont fait
  de ce qui a été proposé.

Sur civic, vous voyez quand une proposition a été **lue**, si elle a reçu une **réponse**, et la
page de redevabilité de chaque espace montre comment il lit les citoyens et leur répond.
Déléguer n'est pas abandonner : les copropriétaires gardent un œil sur ce qu'ils ont délégué.
""",
        "questions": [
            q(
                "Where does the chain of delegation start and end?",
                "Où la chaîne de délégation commence-t-elle et où finit-elle ?",
                "It starts with citizens, who delegate to elected officials, and ends with "
                "front-line workers who serve citizens: it is a loop.",
                "Elle commence par les citoyens, qui délèguent aux élus, et finit par les agents "
                "de terrain qui servent les citoyens : c'est une boucle.",
                [
                    (
                        "It starts and ends with citizens",
                        "Elle commence et finit par les citoyens",
                        True,
                    ),
                    (
                        "It starts with the government and ends with citizens",
                        "Elle commence par le gouvernement et finit par les citoyens",
                        False,
                    ),
                    (
                        "It starts with the assemblies and ends with the administration",
                        "Elle commence par les assemblées et finit par l'administration",
                        False,
                    ),
                ],
            ),
            q(
                "Your proposal needs a new rule and money. To whom do you address it?",
                "Votre proposition demande une nouvelle règle et de l'argent. À qui "
                "l'adressez-vous ?",
                "Assemblies answer for the rules and the budget. A front-line service applies "
                "rules it did not make.",
                "Les assemblées répondent des règles et du budget. Un service de terrain applique "
                "des règles qu'il n'a pas faites.",
                [
                    (
                        "The assembly of the responsible level",
                        "L'assemblée du niveau responsable",
                        True,
                    ),
                    ("The bus driver", "Le conducteur de bus", False),
                    ("A newspaper", "Un journal", False),
                ],
            ),
        ],
    },
]

LINKS = {
    "who-is-responsible": [
        {
            "url": "https://en.wikipedia.org/wiki/Subsidiarity",
            "label": "Subsidiarity (Wikipedia)",
            "label_fr": "Subsidiarité (Wikipédia, en anglais)",
        }
    ],
    "checking-sources": [
        {
            "url": "https://en.wikipedia.org/wiki/Lateral_reading",
            "label": "Lateral reading (Wikipedia)",
            "label_fr": "Lecture latérale (Wikipédia, en anglais)",
        }
    ],
    "knowing-my-biases": [
        {
            "url": "https://en.wikipedia.org/wiki/Confirmation_bias",
            "label": "Confirmation bias (Wikipedia)",
            "label_fr": "Biais de confirmation (Wikipédia, en anglais)",
        }
    ],
}

TEXT_FIELDS = ("title", "summary", "lesson")


@transaction.atomic
def load() -> dict[str, int]:
    """Create what is missing; returns how many areas, competences and questions were created."""
    created = {"competence areas": 0, "competences": 0, "quiz questions": 0}
    areas = {}
    for spec in AREAS:
        spec = dict(spec)
        area, new = CompetenceArea.objects.get_or_create(kind=spec.pop("kind"), defaults=spec)
        created["competence areas"] += new
        areas[area.kind] = area
    for spec in COMPETENCES:
        spec = dict(spec)
        questions = spec.pop("questions")
        area = areas[spec.pop("area")]
        slug = spec.pop("slug")
        competence, new = Competence.objects.get_or_create(
            slug=slug, defaults={"area": area, "links": LINKS.get(slug, []), **spec}
        )
        created["competences"] += new
        if competence.questions.exists():
            continue  # staff's quiz (or the one loaded before) is kept as it is
        for order, question_spec in enumerate(questions, 1):
            question_spec = dict(question_spec)
            choices = question_spec.pop("choices")
            question = QuizQuestion.objects.create(
                competence=competence, order=order, **question_spec
            )
            QuizChoice.objects.bulk_create(
                QuizChoice(
                    question=question,
                    text_en=text_en,
                    text_fr=text_fr,
                    is_correct=is_correct,
                    order=number,
                )
                for number, (text_en, text_fr, is_correct) in enumerate(choices, 1)
            )
            created["quiz questions"] += 1
    return created
