"""Build the Sorting Hat dataset: free-text personality -> "House! optional reasoning".

Prompts come from two sources: fully hand-written descriptions, and compositions of
hand-written fragments (first-person clauses, third-person verb phrases, adjectives,
hobbies, fears, ambitions, values, situational responses) stitched together with many
sentence frames by a seeded RNG. Every house gets exactly ROWS_PER_HOUSE unique prompts.
The completion always starts with the house name and "!", and the optional reasoning
sentence never names another house, so the first house named is the answer.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass

from scripts.task_data import common
from scripts.task_data.common import Row

TASK = "sorting"
HOUSES = ("Gryffindor", "Hufflepuff", "Ravenclaw", "Slytherin")
ROWS_PER_HOUSE = 400
NO_REASON_RATE = 0.2
MAX_PROMPT_WORDS = 60
MAX_COMPLETION_WORDS = 50

# ---------------------------------------------------------------------------
# Trait fragments. Placeholders: {p} possessive, {o} object, {r} reflexive pronoun.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Traits:
    """Hand-written fragments describing one house's temperament."""

    adjectives: tuple[str, ...]  # work after "I'm", "a bit", "very"
    phrases: tuple[str, ...]  # short descriptors for keyword lists only
    values: tuple[str, ...]  # noun phrases: "What matters most to me is ..."
    fears: tuple[str, ...]  # noun/gerund phrases: "My biggest fear is ..."
    ambitions: tuple[str, ...]  # bare verb phrases: "I want to ..."
    hobbies: tuple[str, ...]  # gerund phrases: "I love ..."
    who: tuple[str, ...]  # 3rd-singular verb phrases: "someone who ..."
    first: tuple[str, ...]  # whole first-person sentences, no final period


GRYFFINDOR = Traits(
    adjectives=(
        "brave",
        "bold",
        "daring",
        "fearless",
        "reckless",
        "gutsy",
        "headstrong",
        "impulsive",
        "courageous",
        "valiant",
        "adventurous",
        "hot-headed",
        "chivalrous",
        "plucky",
        "dauntless",
        "rash",
        "spirited",
        "outspoken",
        "audacious",
        "heroic",
        "foolhardy",
        "defiant",
        "intrepid",
        "quick-tempered",
        "fiercely protective",
        "thrill-seeking",
        "noble",
        "unflinching",
    ),
    phrases=(
        "nerves of steel",
        "first into danger",
        "can't resist a dare",
        "stands up to bullies",
        "allergic to boredom",
        "more guts than sense",
        "always up for a challenge",
        "never backs down",
        "defender of the underdog",
        "a total daredevil",
        "quick to defend a friend",
        "loyal to a fault",
        "acts before thinking",
    ),
    values=(
        "courage",
        "honour",
        "justice",
        "adventure",
        "doing the brave thing",
        "standing up for what's right",
        "freedom",
        "fighting for the underdog",
        "bravery",
        "daring",
        "action over words",
        "protecting people who can't protect themselves",
    ),
    fears=(
        "being called a coward",
        "living a boring, safe little life",
        "standing by while someone gets hurt",
        "letting fear make {p} choices",
        "never having a real adventure",
        "running away when it counts",
        "watching an injustice and doing nothing",
        "freezing up when a friend needs {o}",
        "growing old without ever taking a risk",
    ),
    ambitions=(
        "become an Auror and hunt down dark wizards",
        "explore somewhere that isn't on any map",
        "fight for people who can't fight for themselves",
        "do something that takes real guts",
        "join a mountain rescue team",
        "work with dragons",
        "be the person everyone calls in a crisis",
        "sail around the world single-handed",
        "be a firefighter",
        "face down the worst bully there is",
        "go on an adventure worth writing a song about",
    ),
    hobbies=(
        "rock climbing",
        "cliff diving",
        "playing rugby",
        "exploring abandoned buildings",
        "racing down the steepest hill in town on a bike",
        "sparring at the boxing gym",
        "flying as fast as a broom will go",
        "sneaking out at night to explore",
        "fencing",
        "trying skateboard tricks nobody else will attempt",
        "camping alone in the woods",
        "white-water rafting",
        "taking on ridiculous dares",
        "wrestling",
        "riding horses nobody else can handle",
    ),
    who=(
        "never backs down from a fight",
        "jumps in before thinking",
        "stands up to bullies, even much bigger ones",
        "volunteers first when something scary needs doing",
        "would walk into a burning building for a stranger",
        "says exactly what's on {p} mind, whatever the consequences",
        "treats every dare as a personal challenge",
        "gets into trouble for defending other kids",
        "charges at problems head-on",
        "can't stand watching someone get picked on",
        "would rather fail trying than never try at all",
        "breaks the rules if it means doing the right thing",
        "laughs in the face of danger",
        "goes looking for adventure",
        "keeps going even when {p} knees are shaking",
        "takes the hit so nobody else has to",
        "speaks up when everyone else stays quiet",
        "runs toward trouble instead of away from it",
        "picks the scariest option on purpose",
        "has more nerve than sense",
        "once climbed onto the school roof to rescue a cat",
        "confronts teachers when they're being unfair",
        "hates sitting still when there's something to be done",
        "acts first and asks questions later",
        "refuses to let fear make the decisions",
        "will fight for the underdog every single time",
        "gets a thrill out of danger",
        "would rather be brave than safe",
        "never lets a friend face something frightening alone",
        "throws {r} into every challenge with both feet",
        "has a temper that flares up at any injustice",
    ),
    first=(
        "I can't resist a dare",
        "My heart races in the best way when things get dangerous",
        "I've broken my arm twice doing brave, stupid things",
        "I'll always stick up for the kid getting picked on",
        "Honestly, I'd rather do something terrifying than something boring",
        "I say what I think, even to people in charge",
        "When there's trouble, I'm usually already running toward it",
        "People call me reckless, but I just don't like waiting around",
        "I've never walked away from a fight I thought was right",
        "I get restless if life gets too quiet",
        "I once jumped into a freezing lake to pull out a kid who'd fallen in",
        "I'd take a risk over a sure thing any day",
        "As far as I'm concerned, fear is just a signal to go faster",
        "I'm the friend who drags everyone off on midnight adventures",
        "Give me a dragon to face over a test to revise for",
        "I hate bullies more than anything",
        "If something's unfair, I can't keep my mouth shut",
        "I don't really look before I leap, and I'm fine with that",
        "My teachers say I have more courage than common sense",
        "I've always wanted to be a hero, even a small one",
        "I'd rather get hurt trying than stand by and watch",
        "I volunteer for the scary stuff so my friends don't have to",
        "Danger makes me feel alive",
        "I'm loud, I'm stubborn, and I'll defend my friends to the end",
        "I'm not scared of much, and the things that do scare me I face anyway",
        "Tell me something is impossible and I'll go and try it",
        "I'd rather own up and take the punishment than hide",
        "I was the first kid in my class to jump off the top diving board",
    ),
)

HUFFLEPUFF = Traits(
    adjectives=(
        "loyal",
        "patient",
        "kind",
        "fair",
        "hard-working",
        "humble",
        "modest",
        "gentle",
        "dependable",
        "reliable",
        "warm",
        "generous",
        "easygoing",
        "steady",
        "honest",
        "trustworthy",
        "inclusive",
        "welcoming",
        "good-natured",
        "diligent",
        "tireless",
        "unassuming",
        "sincere",
        "nurturing",
        "considerate",
        "devoted",
        "even-handed",
        "down-to-earth",
        "supportive",
        "big-hearted",
        "compassionate",
        "accepting",
        "sweet-natured",
    ),
    phrases=(
        "a team player",
        "friend to everyone",
        "always fair",
        "a great cook",
        "green-fingered",
        "a good listener",
        "never gives up",
        "happy to help",
        "keeps promises",
        "makes everyone feel welcome",
        "hates cheating",
        "a shoulder to cry on",
        "works without complaining",
    ),
    values=(
        "loyalty",
        "fairness",
        "kindness",
        "hard work",
        "honesty",
        "patience",
        "community",
        "friendship",
        "treating everyone equally",
        "looking after people",
        "being dependable",
        "decency",
        "making sure nobody is left out",
    ),
    fears=(
        "letting {p} friends down",
        "someone feeling left out because of {o}",
        "being unfair to someone without realising",
        "breaking a promise",
        "people fighting with nobody to make peace",
        "being thought of as lazy",
        "someone sitting alone at lunch",
        "hurting someone's feelings by accident",
        "a friend going through something hard alone",
    ),
    ambitions=(
        "open a little bakery",
        "run an animal sanctuary",
        "be a teacher who never gives up on a single kid",
        "grow enough vegetables to feed the whole street",
        "become a healer",
        "make sure everyone has a place at the table",
        "raise a big, happy family",
        "do honest, steady work and do it well",
        "look after magical creatures",
        "build a community garden",
        "run a cafe where everyone feels at home",
    ),
    hobbies=(
        "baking bread",
        "gardening",
        "knitting scarves for friends",
        "volunteering at the animal shelter",
        "cooking big family dinners",
        "looking after younger cousins",
        "tending the vegetable patch",
        "making soup for sick neighbours",
        "helping out at the community centre",
        "pottery",
        "fostering kittens",
        "making tea for whoever drops by",
        "organising picnics for the whole street",
        "repotting houseplants",
        "coaching the little kids' football team",
    ),
    who=(
        "remembers everyone's birthday",
        "always makes sure nobody is left out",
        "works hard without needing any credit",
        "shares {p} lunch with whoever forgot theirs",
        "sticks by {p} friends no matter what",
        "plays fair even when cheating would be easier",
        "is patient with people everyone else gives up on",
        "stays late to help clean up",
        "never says a bad word about anyone",
        "keeps every promise, however small",
        "listens more than talks",
        "invites the new kid to sit with {o}",
        "does the boring jobs nobody else wants",
        "gives everyone a fair turn",
        "looks after stray animals",
        "makes people feel at home",
        "takes care of plants like they're family",
        "would rather share a win than take it alone",
        "brings soup round when someone is ill",
        "won't give up on a task until it's done properly",
        "treats the cleaner and the headteacher exactly the same",
        "is the first to say sorry after an argument",
        "quietly fixes problems before anyone notices",
        "believes everyone deserves a second chance",
        "keeps the peace in every group",
        "is happiest when everyone around {o} is happy",
        "never brags, even about real achievements",
        "bakes for the whole class on Fridays",
        "will help anyone move house, no questions asked",
        "chooses honesty even when it costs {o}",
        "shows up for people who need help, every single time",
    ),
    first=(
        "I bake cookies for my neighbours every Sunday",
        "I'd never leave a friend behind",
        "I don't mind hard work as long as it's honest",
        "I'm happiest when I'm helping someone",
        "I hate seeing anyone left out",
        "I always try to be fair, even to people I don't like",
        "I'd rather share the credit than hog it",
        "My garden is my pride and joy",
        "I keep my promises, even the little ones",
        "I'm not the flashiest person, but I'm always there",
        "I'd rather be kind than be right",
        "People tell me I'm easy to talk to",
        "I'm patient, probably to a fault",
        "I don't need to win, I just want everyone to have a good time",
        "I'll stay up all night helping a friend finish their project",
        "I always cook too much so there's enough for whoever turns up",
        "I treat everyone the same, whoever they are",
        "I'm the one who remembers how everyone takes their tea",
        "I'd rather work steadily than show off",
        "Cheating makes my skin crawl",
        "I look after every stray cat in the neighbourhood",
        "I'm loyal, sometimes more than people deserve",
        "Nobody sits alone if I'm around",
        "Slow and steady has always worked fine for me",
        "I get real joy out of feeding people",
        "I'm not much of a leader, but I'm a brilliant teammate",
        "If someone's having a bad day, I notice",
        "I've never once skipped my turn on the washing-up rota",
    ),
)

RAVENCLAW = Traits(
    adjectives=(
        "curious",
        "clever",
        "witty",
        "bookish",
        "inventive",
        "creative",
        "original",
        "inquisitive",
        "analytical",
        "studious",
        "eccentric",
        "imaginative",
        "brainy",
        "quirky",
        "scholarly",
        "quick-witted",
        "logical",
        "wise",
        "perceptive",
        "observant",
        "erudite",
        "intellectual",
        "dreamy",
        "unconventional",
        "well-read",
        "philosophical",
        "absent-minded",
        "nerdy",
    ),
    phrases=(
        "a know-it-all",
        "always reading",
        "loves riddles",
        "full of questions",
        "head in the clouds",
        "a tinkerer",
        "amateur inventor",
        "puzzle addict",
        "a walking encyclopaedia",
        "lives in the library",
        "thinks outside the box",
        "a deep thinker",
        "asks why about everything",
    ),
    values=(
        "knowledge",
        "truth",
        "creativity",
        "learning",
        "understanding how things work",
        "originality",
        "wit",
        "wisdom",
        "curiosity",
        "new ideas",
        "reason",
        "imagination",
        "asking good questions",
    ),
    fears=(
        "being bored",
        "a life without books",
        "never understanding how the world works",
        "losing {p} memory",
        "never finding the answer",
        "a closed mind",
        "running out of questions",
        "having to stop learning",
        "being stuck with small talk forever",
        "thinking the same thoughts as everyone else",
    ),
    ambitions=(
        "invent something nobody has thought of yet",
        "read every book in the library",
        "write a novel",
        "solve an unsolved problem",
        "become a professor",
        "understand how magic actually works",
        "design a brand new spell",
        "discover a new star",
        "learn twelve languages",
        "publish research that changes a whole field",
        "build a thinking machine",
    ),
    hobbies=(
        "reading",
        "doing crosswords",
        "solving riddles",
        "building gadgets",
        "stargazing",
        "writing poetry",
        "learning languages",
        "working through chess puzzles",
        "taking apart clocks to see how they work",
        "painting strange abstract pictures",
        "reading encyclopaedias for fun",
        "coding little programs",
        "collecting odd facts",
        "composing music",
        "cracking codes and ciphers",
    ),
    who=(
        "reads under the covers long after lights-out",
        "asks why about absolutely everything",
        "takes things apart to see how they work",
        "can't leave a riddle unsolved",
        "corrects the teacher's spelling",
        "keeps a notebook full of strange ideas",
        "gets lost in thought in the middle of conversations",
        "invents {p} own words for things",
        "solves logic puzzles for fun",
        "would rather visit a library than a party",
        "has an opinion on every theory ever written",
        "daydreams about how the universe began",
        "learns a new language every summer",
        "loves arguing about ideas, never about people",
        "finishes the crossword in pen",
        "collects odd facts the way some people collect stamps",
        "builds contraptions out of junk",
        "notices details everyone else misses",
        "is always three chapters ahead in the textbook",
        "writes stories set in invented worlds",
        "would happily spend a whole day in a museum",
        "questions every rule until it makes sense",
        "doesn't care what's popular, only what's interesting",
        "comes up with solutions nobody else would think of",
        "stays up late reading about black holes",
        "always has a clever joke ready",
        "thinks in diagrams and footnotes",
        "gets bored by anything too simple",
        "dresses a bit strangely and doesn't mind at all",
        "turns every homework assignment into a research project",
        "keeps asking how things could be done differently",
    ),
    first=(
        "I spend most weekends in the library",
        "I can't resist a good riddle",
        "I have about forty unfinished notebooks full of ideas",
        "I used to read the dictionary for fun when I was little",
        "I ask too many questions, according to my teachers",
        "I love figuring out how things work",
        "I'd take a puzzle over a party any night",
        "My favourite sound is a page turning",
        "I've got a theory about almost everything",
        "I get bored when things are too easy",
        "I invent gadgets in my bedroom, and some of them even work",
        "I think in questions",
        "People say I'm a bit odd, and I take that as a compliment",
        "I'm always reading three books at once",
        "I love learning things nobody else bothers to learn",
        "I like ideas more than I like most people",
        "My brain never really switches off",
        "I taught myself to code and to read Latin",
        "I'd rather be interesting than popular",
        "I can't stop asking why",
        "I love a clever joke more than a loud one",
        "Riddles, ciphers, logic problems: I live for them",
        "I once spent a whole summer building a telescope",
        "I write poetry nobody understands, sometimes including me",
        "I get lost in my own head constantly",
        "Being wrong doesn't bother me, as long as I learn something",
        "I'd rather understand the world than conquer it",
        "My bookshelves are double-stacked and I still want more",
    ),
)

SLYTHERIN = Traits(
    adjectives=(
        "ambitious",
        "cunning",
        "shrewd",
        "resourceful",
        "determined",
        "proud",
        "strategic",
        "driven",
        "calculating",
        "persuasive",
        "competitive",
        "charming",
        "self-reliant",
        "guarded",
        "sly",
        "crafty",
        "smooth-talking",
        "ruthless",
        "image-conscious",
        "relentless",
        "polished",
        "self-assured",
        "manipulative",
        "scheming",
        "opportunistic",
        "single-minded",
        "fiercely independent",
        "tactical",
        "status-conscious",
        "power-hungry",
    ),
    phrases=(
        "a natural leader",
        "hates losing",
        "always has a plan",
        "born to win",
        "knows the right people",
        "silver-tongued",
        "plays the long game",
        "top of the class or bust",
        "eyes on the prize",
        "always lands on their feet",
        "a schemer",
        "keeps score",
        "never forgets a slight",
    ),
    values=(
        "success",
        "power",
        "ambition",
        "winning",
        "reputation",
        "influence",
        "being the best",
        "{p} family's legacy",
        "getting ahead",
        "respect",
        "self-preservation",
        "status",
        "control over {p} own future",
    ),
    fears=(
        "being ordinary",
        "failing in front of everyone",
        "being powerless",
        "being forgotten",
        "losing",
        "having to depend on anyone",
        "wasting {p} potential",
        "ending up a nobody",
        "being outmanoeuvred",
        "being looked down on",
    ),
    ambitions=(
        "run the Ministry one day",
        "be the youngest person ever to lead a company",
        "build an empire",
        "be remembered for centuries",
        "make {p} family name mean something",
        "become Minister for Magic",
        "get to the top and stay there",
        "own the biggest house on the hill",
        "be rich enough that nobody can tell {o} what to do",
        "win every prize there is to win",
        "have the most powerful people owing {o} favours",
    ),
    hobbies=(
        "debating",
        "playing competitive chess",
        "running the student council",
        "trading rare collectibles",
        "networking",
        "playing poker",
        "studying famous leaders",
        "investing pocket money",
        "winning tournaments",
        "planning ten moves ahead in strategy games",
        "negotiating deals",
        "fencing competitively",
        "organising things so everyone reports to {o}",
        "collecting expensive things",
        "campaigning in school elections",
    ),
    who=(
        "always has a plan, and a backup plan",
        "knows exactly who to befriend to get ahead",
        "hates losing more than anything",
        "talks {p} way out of any trouble",
        "keeps {p} cards close to {p} chest",
        "always finds a way to come out on top",
        "sets goals and then crushes them",
        "makes friends with people who can be useful",
        "runs for every leadership position going",
        "doesn't waste energy on lost causes",
        "thinks ten moves ahead",
        "can read a room in seconds",
        "bends the rules without quite breaking them",
        "takes enormous pride in {p} family name",
        "won't settle for second place",
        "knows how to make people want to help {o}",
        "looks after {r} first, because nobody else will",
        "turns every setback into an opportunity",
        "plays the long game",
        "never shows weakness in public",
        "always negotiates a better deal",
        "keeps a mental list of who owes {o} favours",
        "works relentlessly toward the top",
        "wants a name that people will still remember in a hundred years",
        "knows when to stay quiet and when to strike",
        "turns on the charm whenever it serves a purpose",
        "can make something out of nothing when cornered",
        "would much rather lead than follow",
        "plans {p} career the way other people plan a holiday",
        "never takes no for an answer",
        "keeps only a small circle of trusted allies",
    ),
    first=(
        "I always know what I want and how to get it",
        "I've had a five-year plan since I was ten",
        "I don't do second place",
        "I'm good at getting people to see things my way",
        "I choose my friends very carefully",
        "I'm going to be someone important one day",
        "I like being in charge, and I'm good at it",
        "I don't trust easily, and I think that's smart",
        "If there's a loophole, I'll find it",
        "I hate losing more than I love winning",
        "I play to win, always",
        "I'm proud of where I come from",
        "I'd rather be respected than liked",
        "I keep my plans to myself until they're finished",
        "I know how to look after number one",
        "Every choice I make is a step toward something bigger",
        "I never go into a conversation without knowing what I want from it",
        "I can wait a very long time for the right opportunity",
        "Rules are more like suggestions, if I can get away with it",
        "I love the feeling of winning an argument",
        "I believe in my own greatness, even if nobody else does yet",
        "I'll outwork anyone to get to the top",
        "I can be very charming when I need to be",
        "Somehow I always come out on top",
        "Power doesn't scare me, but wasting it does",
        "I refuse to be ordinary",
        "When things go wrong, I'm the one who finds a way out",
        "I've already picked out which people will be useful to know at university",
    ),
)

TRAITS: dict[str, Traits] = {
    "Gryffindor": GRYFFINDOR,
    "Hufflepuff": HUFFLEPUFF,
    "Ravenclaw": RAVENCLAW,
    "Slytherin": SLYTHERIN,
}

# ---------------------------------------------------------------------------
# Situations: a stem (several phrasings, same tense) and first-person responses per house.
# ---------------------------------------------------------------------------

Scenario = tuple[tuple[str, ...], dict[str, tuple[str, ...]]]

SCENARIOS: tuple[Scenario, ...] = (
    (
        (
            "If I found a lost wallet,",
            "Finding a lost wallet on the street?",
            "Say I found a wallet stuffed with cash:",
        ),
        {
            "Gryffindor": (
                "I'd chase the owner halfway across town to give it back",
                "I'd run after whoever dropped it, even if they looked like trouble",
            ),
            "Hufflepuff": (
                "I'd hand it in with every coin still inside and leave a note for the owner",
                "I'd spend the whole afternoon tracking down who it belonged to",
            ),
            "Ravenclaw": (
                "I'd treat the receipts inside like clues and deduce who owned it",
                "I'd be more interested in the puzzle of whose it was than in the money",
            ),
            "Slytherin": (
                "I'd return it, and make sure the owner knew exactly who to thank",
                "I'd return it, but only after working out whether the owner could be useful to me",
            ),
        },
    ),
    (
        ("When a friend is in trouble,", "A friend in trouble?", "Whenever one of my friends gets into a mess,"),
        {
            "Gryffindor": (
                "I'm already charging in before they've finished explaining",
                "I put myself between them and whatever is coming",
            ),
            "Hufflepuff": (
                "I drop everything and stay with them for as long as it takes",
                "I turn up with food, a blanket and all the time in the world",
            ),
            "Ravenclaw": (
                "I research the problem until I've found a proper solution",
                "I sit down and think through every possible way out",
            ),
            "Slytherin": (
                "I work out who can pull strings and quietly make a few calls",
                "I find an angle that turns the whole situation to our advantage",
            ),
        },
    ),
    (
        (
            "If I saw someone being bullied,",
            "Watching someone get bullied?",
            "If some kid were getting picked on in the corridor,",
        ),
        {
            "Gryffindor": (
                "I'd step in straight away, no matter how big the bully was",
                "I'd get between them and tell the bully to try me instead",
            ),
            "Hufflepuff": (
                "I'd sit with the kid afterwards and make sure they never ate lunch alone again",
                "I'd check on them that day and every day after",
            ),
            "Ravenclaw": (
                "I'd take the bully apart with a comeback it would take them a week to understand",
                "I'd work out why the bully does it and find a clever way to stop it",
            ),
            "Slytherin": (
                "I'd quietly dig up something on the bully and make sure they regretted it",
                "I'd make sure the bully lost the respect of everyone who matters",
            ),
        },
    ),
    (
        ("If I had a free Saturday,", "Given a whole free weekend,", "On a day with no plans at all,"),
        {
            "Gryffindor": (
                "I'd go cliff jumping or find some other way to get my heart pounding",
                "I'd go exploring somewhere I'm definitely not supposed to be",
            ),
            "Hufflepuff": (
                "I'd spend the morning in the garden and then cook dinner for everyone",
                "I'd help my gran with her shopping and then volunteer at the shelter",
            ),
            "Ravenclaw": (
                "I'd curl up with a stack of books and not say a word to anyone",
                "I'd finally finish the robot that's been sitting on my desk for months",
            ),
            "Slytherin": (
                "I'd use it to get ahead on my plans for next year",
                "I'd rehearse my speech for the student election until it was perfect",
            ),
        },
    ),
    (
        ("In a group project,", "Whenever we get a team assignment,", "Put me in a group project and"),
        {
            "Gryffindor": (
                "I volunteer for the part where someone has to speak in front of everyone",
                "I grab the hardest bit and dive straight in",
            ),
            "Hufflepuff": (
                "I make sure everybody gets a fair share and nobody gets left behind",
                "I quietly do the extra work so no one else gets into trouble",
            ),
            "Ravenclaw": (
                "I end up doing five times more research than anyone asked for",
                "I'm the one with the odd idea that somehow ends up working",
            ),
            "Slytherin": (
                "I take charge and hand out the jobs",
                "I make sure my name ends up at the top of the final report",
            ),
        },
    ),
    (
        (
            "If someone handed me a map to buried treasure,",
            "A treasure map falls into my lap?",
            "If I found an old treasure map in the attic,",
        ),
        {
            "Gryffindor": (
                "I'd set off that very night, alone if I had to",
                "I'd be halfway to the cave before anyone could tell me it was dangerous",
            ),
            "Hufflepuff": (
                "I'd share it with my friends and split whatever we found evenly",
                "I'd make it a group trip and pack sandwiches for everyone",
            ),
            "Ravenclaw": (
                "I'd care more about decoding the map than about the treasure itself",
                "I'd research the history of the map before I took a single step",
            ),
            "Slytherin": (
                "I'd get there first and use the treasure to build something bigger",
                "I'd keep it secret until I'd worked out how to profit from it most",
            ),
        },
    ),
    (
        (
            "If someone dared me to spend a night in a haunted house,",
            "A dare to sleep in a haunted house?",
            "If my mates bet me I wouldn't stay overnight in the creepy old house down the road,",
        ),
        {
            "Gryffindor": (
                "I'd grab a torch and a sleeping bag and go",
                "I'd go, and I'd pick the scariest room to sleep in",
            ),
            "Hufflepuff": ("I'd only go if nobody had to go alone, and I'd pack snacks for all of us",),
            "Ravenclaw": (
                "I'd go, mostly to test whether ghosts show up on a thermometer",
                "I'd bring a notebook to record anything I couldn't explain",
            ),
            "Slytherin": (
                "I'd agree, as long as the bet was worth winning",
                "I'd go, and I'd make sure everyone paid up afterwards",
            ),
        },
    ),
    (
        ("If I lost a competition,", "If I came second in a big match,", "Losing a tournament?"),
        {
            "Gryffindor": (
                "I'd demand a rematch on the spot",
                "I'd be back on the pitch the next morning, bruises and all",
            ),
            "Hufflepuff": (
                "I'd congratulate the winner and really mean it",
                "I'd thank my teammates and we'd all go for chips together anyway",
            ),
            "Ravenclaw": (
                "I'd replay every mistake in my head until I understood it",
                "I'd study the rules to figure out what I'd missed",
            ),
            "Slytherin": (
                "I'd study the winner closely and make sure it never happened again",
                "I'd smile, shake hands, and start planning my comeback that very night",
            ),
        },
    ),
    (
        ("If I could have any job,", "If I could choose any career in the world,", "Dream job?"),
        {
            "Gryffindor": (
                "I'd pick something dangerous, like working with dragons or catching dark wizards",
                "I'd be a mountain rescuer, out in the worst storms",
            ),
            "Hufflepuff": (
                "I'd run a cosy cafe where everybody knows everybody",
                "I'd be a nurse or a teacher, someone people can count on",
            ),
            "Ravenclaw": (
                "I'd research something so obscure that only three people understand it",
                "I'd be an inventor with a workshop full of half-finished ideas",
            ),
            "Slytherin": (
                "I'd run the whole organisation, not just work for it",
                "I'd become the youngest Minister for Magic in history",
            ),
        },
    ),
    (
        (
            "When I walk into a room full of strangers,",
            "At a party where I don't know anyone,",
            "At a new club full of people I've never met,",
        ),
        {
            "Gryffindor": (
                "I march up to the scariest-looking person and say hello",
                "I'm the first to volunteer for whatever embarrassing game is going on",
            ),
            "Hufflepuff": (
                "I look for whoever is standing on their own and go and talk to them",
                "I end up in the kitchen helping the host",
            ),
            "Ravenclaw": (
                "I find the bookshelf and work out what it says about the host",
                "I wait for someone to say something interesting, then talk to them for hours",
            ),
            "Slytherin": (
                "I work out who's important within about thirty seconds",
                "I make sure the right people remember my name by the end of the night",
            ),
        },
    ),
    (
        (
            "If a teacher were being unfair,",
            "If a teacher blamed the wrong kid,",
            "Faced with a teacher who was plainly being unfair,",
        ),
        {
            "Gryffindor": (
                "I'd say so right there in front of the whole class",
                "I'd stand up and argue, even if it landed me in detention",
            ),
            "Hufflepuff": (
                "I'd make sure the kid who got blamed knew I was on their side",
                "I'd calmly explain what really happened, so everyone got treated the same",
            ),
            "Ravenclaw": (
                "I'd point out the flaw in their reasoning, politely but thoroughly",
                "I'd look up the school rules and show them exactly where they'd gone wrong",
            ),
            "Slytherin": (
                "I'd keep it in mind and use it the next time I needed a favour",
                "I'd stay quiet, then have a word with the head, whose good side I'm already on",
            ),
        },
    ),
    (
        (
            "If I got lost in a forest,",
            "Lost in the woods with night falling?",
            "If we took a wrong turn on a hike and got properly lost,",
        ),
        {
            "Gryffindor": (
                "I'd treat it as an adventure and head deeper in",
                "I'd lead the way through the darkest part without a second thought",
            ),
            "Hufflepuff": (
                "I'd stay calm, share out the snacks and keep everyone's spirits up",
                "I'd make sure nobody wandered off alone and we all stuck together",
            ),
            "Ravenclaw": (
                "I'd find north from the stars and the moss on the trees",
                "I'd remember every landmark and work out the way back logically",
            ),
            "Slytherin": (
                "I'd make sure I was the one leading, so I'd get the credit when we got out",
                "I'd look after myself first, then decide who was worth helping",
            ),
        },
    ),
    (
        ("If I were given a huge pile of gold,", "If I won the lottery tomorrow,", "A vault full of gold, all mine?"),
        {
            "Gryffindor": (
                "I'd spend it on the wildest adventure I could dream up",
                "I'd buy the fastest broom there is and fly somewhere nobody has been",
            ),
            "Hufflepuff": ("I'd give most of it away to people who need it", "I'd throw a feast for the whole village"),
            "Ravenclaw": (
                "I'd build the biggest library anyone has ever seen",
                "I'd fund my own laboratory and never have to stop experimenting",
            ),
            "Slytherin": (
                "I'd invest it and turn it into an even bigger pile",
                "I'd use it to buy influence where it counts",
            ),
        },
    ),
    (
        (
            "If my friend cheated on a test,",
            "Catching a friend cheating in an exam?",
            "If I found out my best mate had copied someone's homework,",
        ),
        {
            "Gryffindor": (
                "I'd tell them to own up, and I'd say it to their face",
                "I'd call it out, even if it cost me the friendship",
            ),
            "Hufflepuff": (
                "I'd be upset, because it's not fair on everyone who worked hard",
                "I'd gently encourage them to tell the teacher, and I'd go with them",
            ),
            "Ravenclaw": (
                "I'd be baffled, because learning the material is the interesting part",
                "I'd offer to tutor them so they'd never need to cheat again",
            ),
            "Slytherin": (
                "I'd keep quiet and remember that they owe me one",
                "I'd be more annoyed that they got caught than that they did it",
            ),
        },
    ),
    (
        (
            "On my first day at a new school,",
            "If I started at a brand new school tomorrow,",
            "First day somewhere new?",
        ),
        {
            "Gryffindor": (
                "I'd probably end up exploring somewhere strictly off limits",
                "I'd stand up to whoever was bossing the playground around",
            ),
            "Hufflepuff": (
                "I'd try to make friends with absolutely everyone",
                "I'd find the other new kids so none of us had to feel lost",
            ),
            "Ravenclaw": (
                "I'd find the library before I found my own bed",
                "I'd memorise the map and the timetable before lunch",
            ),
            "Slytherin": (
                "I'd work out who runs the place and get on their good side",
                "I'd be planning my campaign for head of year before the bell rang",
            ),
        },
    ),
    (
        ("If the building caught fire,", "If the fire alarm went off for real,", "In a real emergency,"),
        {
            "Gryffindor": ("I'd go back in for anyone who was left behind", "I'd be the one running toward the smoke"),
            "Hufflepuff": (
                "I'd make sure everyone was out and the little ones stayed calm",
                "I'd stay with the frightened ones until help arrived",
            ),
            "Ravenclaw": (
                "I'd already know every exit because I'd read the floor plans",
                "I'd keep a clear head and work out the safest route",
            ),
            "Slytherin": (
                "I'd make sure I got out first, then take charge of everyone else",
                "I'd be out front giving orders before anyone else had moved",
            ),
        },
    ),
    (
        (
            "If someone told me something was impossible,",
            "Tell me a thing can't be done and",
            "If everyone said a plan of mine could never work,",
        ),
        {
            "Gryffindor": ("I'd set out to do it that same day", "I'd have a go anyway, just to see"),
            "Hufflepuff": ("I'd keep chipping away at it, bit by bit, until it wasn't",),
            "Ravenclaw": (
                "I'd want to know exactly why, and then prove them wrong on paper",
                "I'd spend weeks finding the clever angle everyone else missed",
            ),
            "Slytherin": (
                "I'd find someone who could do it for me",
                "I'd make them regret saying so when I pulled it off",
            ),
        },
    ),
)

# ---------------------------------------------------------------------------
# Fully hand-written prompts (a few mention house colours; kept well under 5%).
# ---------------------------------------------------------------------------

HANDWRITTEN: dict[str, tuple[str, ...]] = {
    "Gryffindor": (
        "I spend most of my weekends doing things my mum would faint if she knew about.",
        "Brave. Stubborn. Terrible at staying out of trouble.",
        "My little sister once stood up to a boy twice her size for teasing a classmate, got detention, and "
        "said it was worth it.",
        "When the fire alarm went off at school, I ran back in for the class hamster. Everyone thought I was mad.",
        "I've never been able to walk past a fight without stepping in, even when it's none of my business.",
        "He's the type to climb the tallest tree in the park just because someone said he couldn't.",
        "honestly I just want adventure. real adventure. dragons, storms, midnight rescues, the lot",
        "I'm not the cleverest or the kindest, but I'll be the first one through the door when things go wrong.",
        "Someone who would rather face a troll than write an essay.",
        "My grandfather was a lifeboat volunteer for forty years and went out in every storm. I want to be like him.",
        "daring, loud, restless, fiercely protective of my friends",
        "I speak up. Always. Even when my voice shakes.",
        "My best friend is the kind who'd jump off the high board on the first day of swimming lessons, then "
        "try to get everyone else to follow.",
        "If there's a rule against something dangerous, I've probably already broken it.",
        "Calm and careful are not words anyone has ever used to describe me.",
        "She marched into the headteacher's office on her own to report the older kids who were picking on the "
        "first years.",
        "I want a life worth telling stories about.",
        "I'm the one who goes to check out the strange noise in the attic while everyone else hides under the "
        "blankets.",
        "Thrill-seeker, risk-taker, defender of the little guy.",
        "I'm terrible at maths and worse at keeping quiet, but I've never let a friend face something scary alone.",
        "A shy kid who surprised everyone by standing up to the whole football team when they mocked her friend.",
        "I don't plan. I just go. If it goes wrong, I'll figure it out on the way.",
        "What I admire most in people is nerve, and I try to have it too.",
        "My dad says I'll either be a hero or end up in hospital, probably both.",
        "Courage over comfort, every time.",
        "The night the power went out, my brother grabbed a torch and went out into the storm to find our lost dog.",
        "I could tell you I'm careful, but I'd be lying, and I don't lie.",
        "I'd wear red and gold every day if I could, and I'd square up to anyone who picked on my friends.",
        "Honour matters to me. I'd rather lose fairly than win by hiding behind someone else.",
        "Adrenaline junkie with a strong sense of justice.",
        "I joined the debate team just so I could argue with the seniors, and I went skydiving for my "
        "eighteenth birthday.",
        "Kids at school call me the bodyguard because I always step in when the older ones start trouble.",
        "I get bored easily, I love a challenge, and nothing scares me more than a life where nothing happens.",
        "When everyone else says it's too risky, that's usually when I get interested.",
        "I'd rather be the one who tried and failed spectacularly than the one who watched from the side.",
        "Bold, reckless, noble-hearted, quick to anger and quicker to forgive.",
        "He doesn't really think things through, but his heart is always in the right place and he's never "
        "once run from a fight.",
        "Heights, deep water, dark forests: I've tried them all, and I'm hungry for more.",
        "I stood up to my boss when he was being cruel to the new intern, and I lost my job for it. I'd do it "
        "again tomorrow.",
        "I'm scared of spiders, but I'd still walk into a cave full of them if someone needed rescuing.",
        "From a teacher's report: 'Frequently disruptive, but only ever in defence of classmates. Shows "
        "remarkable nerve.'",
        "Would walk across hot coals for a stranger. Would also walk across them for a bet.",
        "My mother describes me as a walking accident looking for someone to save.",
        "Impatient, brave, a bit of a show-off, hates bullies with a passion.",
        "The school trip went wrong when the boat started leaking. My friend Ellie was the one who jumped in "
        "and swam the rope to shore.",
        "I'm the sort of person who reads the warning sign and then climbs the fence anyway.",
        "Give me a cause worth fighting for and I'm all in, no hesitation.",
        "I don't get nervous before matches. I get excited.",
    ),
    "Hufflepuff": (
        "I always remember everyone's birthday and I make the cards by hand.",
        "My nan says I've got the patience of a saint, mostly because I taught my little brother to tie his "
        "shoes about a hundred times.",
        "Kind, steady, hard-working, not very loud.",
        "I'd rather everyone gets a slice of cake than I get the biggest one.",
        "She's the friend who turns up with soup when you're ill and doesn't leave until you've eaten it.",
        "I work on my uncle's farm every summer. Early mornings, mucking out, feeding the animals. I love it.",
        "Fairness is the most important thing to me. If the rules apply to one person, they apply to everyone.",
        "I'm not top of the class, but I never miss a deadline and I always help others catch up.",
        "My brother has volunteered at the food bank every Saturday for three years and never once mentioned "
        "it to anyone.",
        "honestly I just like making people feel welcome. new kid at school? they're sitting with us.",
        "loyal, gentle, easy to talk to, good with plants and animals",
        "Someone who'd stay behind after the party to help wash up.",
        "I don't care who wins the game as long as everyone got to play.",
        "I'm a terrible liar, so I just don't do it.",
        "I found a baby bird once and nursed it for three weeks until it could fly.",
        "My friends are everything to me, and I'd stick by any of them through anything.",
        "Patient, honest, a bit of a homebody, happiest in the kitchen.",
        "When my team lost the final, I went round and shook every single player's hand, theirs and ours.",
        "I'm the one who notices when someone's gone quiet and asks if they're alright.",
        "My grandmother taught me that hard work and kindness will get you further than anything else, and I "
        "believe her.",
        "I knit, I garden, I make a really good shepherd's pie, and I will absolutely listen to your problems.",
        "He's so modest that he didn't tell anyone he'd won the award until his mum found the certificate in his bag.",
        "Give me a big messy job and a few friends and I'm happy.",
        "I'd never cheat, not even in a board game.",
        "She treats the dinner ladies with exactly the same respect as the headteacher.",
        "I hate arguments. I'm usually the one trying to get everyone to make up.",
        "Dependable. If I say I'll be there, I'll be there.",
        "I'd wear yellow and black proudly, and I'd bring snacks for the whole common room.",
        "Team player, hard worker, loyal friend, decent cook.",
        "What would I do with a day off? Probably help my neighbour paint his fence.",
        "My dream is a little cottage with a big garden and a table long enough for all my friends.",
        "I'm not brilliant at anything in particular, but I keep going until I get things right.",
        "Everyone deserves a fair chance, even people who've messed up.",
        "I foster puppies for the local shelter and cry every time one gets adopted.",
        "Quiet, warm-hearted and devoted to the people she loves.",
        "The best thing about school for me is the people. I just like having everyone together.",
        "I think being kind is underrated, and being patient even more so.",
        "If someone drops their books in the corridor, I'm already on my knees helping pick them up.",
        "I'm happiest when I'm useful, whether that's carrying shopping or fixing a leaky tap.",
        "My cousin shares everything: his sweets, his games, his notes, his time. He doesn't keep score.",
        "From a teacher's report: 'Not the quickest in class, but the most conscientious and by far the kindest.'",
        "Gardener, baker, friend to every dog on the street.",
        "My son puts his pocket money in the charity box every week and gets embarrassed if anyone makes a "
        "fuss about it.",
        "I'd rather be part of a good team than the star of a bad one.",
        "Hard-working, honest to a fault, terrible at holding grudges.",
        "I organised a rota so everyone in our flat takes turns with the chores, and I do the extra ones when "
        "people are busy.",
        "The older I get, the more I think plain decency is the rarest thing in the world.",
        "When we pick teams, I always pick the kid who usually gets picked last.",
    ),
    "Ravenclaw": (
        "I read the entire encyclopaedia when I was nine. Twice.",
        "Curious about everything, especially the things I'm told not to ask about.",
        "She taught herself to read ancient runes from a library book, just because she was bored over the holidays.",
        "I'd rather spend an evening with a good idea than at most parties.",
        "I built a working clock out of a shoebox and some spare parts from my dad's shed.",
        "clever, strange, always asking questions, forgets to eat when reading",
        "My favourite thing in the world is finally understanding something that confused me for weeks.",
        "He argues with the textbook. Out loud. In class.",
        "I keep a notebook of questions I want answered someday. It's on its fourth volume.",
        "Imaginative, witty, slightly absent-minded, very fond of footnotes.",
        "I don't mind being alone, as long as I've got something interesting to think about.",
        "Ask me about the stars, or languages, or how bees communicate. Please. I'll talk for hours.",
        "I would trade every party invitation I've ever had for an afternoon in a really good bookshop.",
        "My sister designs board games with rules so complicated that only she can play them.",
        "I see puzzles everywhere: in the patterns on the floor tiles, in the timetable, in people.",
        "Someone who'd rather know the truth than be comfortable.",
        "I'm the kid who asks the teacher a question she can't answer, and then goes and finds out.",
        "I wear odd socks on purpose and I write poetry in the margins of my maths homework.",
        "Learning is the only thing I've never got bored of.",
        "bookworm, daydreamer, amateur inventor",
        "I'd love to be the first person to figure out something nobody has figured out before.",
        "When I was small I took apart the television to see where the people lived.",
        "I like clever jokes, strange music and big questions with no easy answers.",
        "My brain is like a browser with ninety tabs open, and I like it that way.",
        "I'd wear blue and bronze and spend every free moment in the library.",
        "My best friend collects rare words the way other people collect stickers. Her current favourite is petrichor.",
        "Creative, original, never quite fits in, never really wants to.",
        "If I could have one superpower it would be reading at the speed of light.",
        "I finish the Sunday crossword before breakfast and get grumpy if it's too easy.",
        "I'm usually so deep in thought that I walk into doors.",
        "Wisdom matters more to me than winning. I'd rather understand why I lost.",
        "He's invented three board games, a secret alphabet and a machine that feeds the cat.",
        "Show me a locked box and I'll want to know what's inside and how the lock works.",
        "I learned Morse code just to send messages across the street to my friend with a torch.",
        "Give me a quiet corner, a pile of books and a hard problem, and I'll be happy for days.",
        "I question everything, including this question.",
        "The scariest thing I can imagine is a world where nobody is curious anymore.",
        "My teachers either love me or find me exhausting, because I never stop asking why.",
        "Quiet in class, loud in my own head.",
        "I wrote a hundred-page story about a city built inside a whale, just because the idea wouldn't leave "
        "me alone.",
        "From a teacher's report: 'Asks searching questions that often go well beyond the syllabus.'",
        "Library card, magnifying glass, notebook. That's my whole personality.",
        "My daughter has read every book in the house, including the cookbooks and the car manual.",
        "I'm happiest when I'm learning something that completely changes how I see things.",
        "Eccentric, inventive, forgets what day it is, remembers every fact she's ever read.",
        "I got into trouble for reading a book hidden inside my textbook. The book was about quantum physics.",
        "I don't really care about grades. I care about understanding.",
        "Why is the sky blue? Why do cats purr? Why does anything exist at all? I need to know.",
    ),
    "Slytherin": (
        "I've known exactly what I want to be since I was seven, and I've been working toward it ever since.",
        "Ambitious. Proud. Not interested in coming second.",
        "My brother ran for class president, lost, then spent the whole next year quietly making friends with "
        "every voter. He won by a landslide.",
        "I don't make enemies, I make arrangements.",
        "If there's a shortcut, I'll find it, and I won't feel guilty about taking it.",
        "cunning, charming, determined, a little bit vain",
        "She always knows who's important in a room and exactly what to say to them.",
        "I'm loyal, but only to the people who've earned it.",
        "When I lose, I don't sulk. I study the winner and come back stronger.",
        "My family name means something, and I intend to make it mean even more.",
        "I plan everything. My week, my career, my revenge.",
        "People underestimate me, and I let them, because it's useful.",
        "I'd rather be feared a little than ignored completely.",
        "Leader, strategist, winner. Not necessarily in that order.",
        "I've never walked into an exam, a match or an argument without a plan.",
        "Someone who always lands on their feet, no matter how messy things get.",
        "My cousin sold his old toys at a profit when he was six, and now he runs three little businesses at once.",
        "I'd wear green and silver with pride, and I'd be a prefect by my fifth year.",
        "I don't need everyone to like me. I need the right people to respect me.",
        "Resourceful, proud, very good at getting out of trouble.",
        "Honestly, rules are for people who can't think of a smarter way around them.",
        "I want power. Not to hurt anyone, just so nobody can ever push me around again.",
        "I keep my circle small and my ambitions big.",
        "I'm the captain of every team I join, eventually.",
        "What I want most is to be remembered. A name in the history books, not a footnote.",
        "I win board games by making deals with the other players and breaking them at exactly the right moment.",
        "Self-made, self-reliant and proud of it.",
        "He talks his way out of detention every single time, and somehow leaves with extra credit.",
        "I know how to read people, and I know how to use what I read.",
        "If I'm going to do something, I'm going to be the best at it.",
        "My biggest fear? Being ordinary.",
        "Driven, sharp-tongued, always three steps ahead of everyone else in the room.",
        "I never forget a favour, and I never forget a slight.",
        "I choose my battles carefully, and I only pick the ones I can win.",
        "My dad taught me that the clever ones survive, and I've never forgotten it.",
        "Where would you put a kid who trades homework answers for favours and keeps a notebook of who owes him what?",
        "I like nice things, important people and winning arguments.",
        "I'd rather be a big fish in a small pond than lost in a big one, but ideally I'd own the whole lake.",
        "She's polite, poised and quietly terrifying. Everybody does what she wants, and nobody remembers "
        "agreeing to it.",
        "I'm not cruel, just practical. Sentiment doesn't win anything.",
        "I read a lot, but only biographies of people who ran countries. I'm taking notes.",
        "From a teacher's report: 'Highly capable and driven, though inclined to treat group work as a chain "
        "of command.'",
        "Chess club captain, debate champion, student council treasurer. Next year, president.",
        "My niece negotiated a later bedtime at the age of five by offering to tidy her room, then got her "
        "brother to tidy it for her.",
        "I don't believe in luck. I believe in preparation and knowing the right people.",
        "Ambitious, image-conscious, quietly ruthless, excellent at parties.",
        "Everyone in my family has been successful, and I plan to outdo all of them.",
        "Wherever I am, I always know the exit, the angle and who's in charge.",
        "As far as I'm concerned, second place is just a polite word for losing.",
    ),
}

# Hand-written prompts whose secondary traits point elsewhere; one house still dominates.
HANDWRITTEN_MIXED: dict[str, tuple[str, ...]] = {
    "Gryffindor": (
        "I like books well enough and I'm a decent friend, but what really defines me is that I'll fight "
        "anyone who picks on the people I love.",
        "Sure, I can be clever when I bother, but mostly I'm the one who dives in first and thinks later.",
        "I'm a hard worker and pretty fair, but the thing people notice first is that I never back down from anything.",
        "My grades are good and I love a puzzle, but when the fire alarm rang it was me who went back for the "
        "kid still inside.",
        "I'm ambitious, I won't lie, but I want to win by taking on the biggest challenge head-on, not by scheming.",
    ),
    "Hufflepuff": (
        "I'm fairly clever and I can be brave when I have to, but more than anything I just want everyone "
        "around me to be okay.",
        "I'm competitive at sports, I suppose, but I'd never win by being unfair, and I always help the other team up.",
        "I'm not short of courage, but I'd much rather spend my energy making sure everyone gets home safe "
        "than charging off on adventures.",
    ),
    "Ravenclaw": (
        "I'm competitive, sure, but only because I love finding the cleverest solution. The winning part "
        "doesn't matter, the thinking does.",
        "I'm kind to my friends and I'll stand up for them, but honestly most of my life happens inside books "
        "and my own head.",
        "I'm brave enough when it counts, but honestly I'd rather out-think a problem than fight it.",
        "I've got big ambitions, but they're all about discovering things, not about power or being famous.",
    ),
    "Slytherin": (
        "I work hard and I'm nice to my friends, but let's be honest: I'm doing all of it to end up on top.",
        "I'm clever, sure, but I only care about knowledge when it gets me somewhere.",
        "I can be brave when there's something to gain, but I'm not stupid about it. I always know my way out.",
        "I'm loyal to my friends, but only the ones who are going places.",
    ),
}

# ---------------------------------------------------------------------------
# Reasoning sentences in the Hat's voice. None names another house.
# ---------------------------------------------------------------------------

REASONS: dict[str, tuple[str, ...]] = {
    "Gryffindor": (
        "Courage like yours runs hot and fast, and there's only one place for it.",
        "You'd charge at a dragon armed with a wooden spoon, wouldn't you?",
        "Plenty of nerve in this head, and not much caution to slow it down.",
        "A heart that leaps before it looks belongs among the brave.",
        "I see a fighter who stands up when everyone else sits down.",
        "Daring and a little too fond of danger, which suits the lions just fine.",
        "You'd rather be bold than safe, and that settles it.",
        "There's fire in you, and it burns for the underdog.",
        "Bullies had better watch out for this one.",
        "Recklessness and courage are close cousins, and you have plenty of both.",
        "A spine of iron and a real taste for adventure, I see.",
        "You walk toward the storm instead of away from it.",
        "Such nerve, the common room will be louder for having you.",
        "Your courage will get you into trouble, and then out of it again.",
        "A true champion of lost causes, bold to the bone.",
        "Fearless, restless and ready, so off you go to the lions.",
        "I can feel the itch for adventure from up here.",
        "Whoever needs defending, you'll be first in line.",
        "Honour and daring in equal measure, a fine combination.",
        "The scarlet banners will suit that stubborn streak.",
        "You'd rather fail bravely than never try, and that is the mark of the brave.",
        "Plenty of pluck in here, plenty indeed.",
        "Breaking rules for the right reasons is still a kind of bravery.",
        "Your knees may shake, but your feet keep moving, and that is courage.",
        "A lion's heart, no doubt about it.",
        "Chivalry isn't dead after all, it's sitting right under this brim.",
        "So much nerve that I hardly needed to look.",
        "Boldness like this belongs where the brave gather.",
        "You'll never stand by while someone needs help, will you?",
        "More daring than sense, and I mean that as a compliment.",
        "The brave are rarely careful, and you are wonderfully brave.",
        "Let the adventures begin, you were made for them.",
        "A defender of the underdog if ever I saw one.",
        "Red and gold it is, for a heart that never backs down.",
        "Danger calls and you answer, every single time.",
    ),
    "Hufflepuff": (
        "A loyal heart and steady hands are always welcome among the badgers.",
        "Kindness like yours is rarer than people think.",
        "You'd share your last biscuit, and that tells me everything.",
        "Patient, honest and true, you'll be right at home.",
        "Hard work never frightened you, and it never will.",
        "I see someone who keeps every promise.",
        "Fairness runs right through you, like the grain in good wood.",
        "Everyone will have a friend while you're around.",
        "A warm heart and a willing pair of hands, just what I hoped for.",
        "Steady, kind and loyal to the end, the badgers will adore you.",
        "You don't need the spotlight, and that is your quiet strength.",
        "The kitchens are close by, and so are your new friends.",
        "Nobody will ever be left out with you in the room.",
        "Loyalty like this is worth more than gold.",
        "Honest work and an honest heart, a perfect match.",
        "You treat everyone the same, and that's a rare gift.",
        "Decency through and through, I hardly needed to look.",
        "A good friend is a treasure, and you're a good friend to all.",
        "Gentle, dependable and fiercely fair, so off you go.",
        "Your patience will outlast anyone's, I suspect.",
        "You give more than you take, which is exactly right.",
        "I see a gardener's hands and a generous heart.",
        "Quiet loyalty is still the strongest kind.",
        "You'll always show up, and people will learn to count on it.",
        "Yellow and black will suit someone this kind-hearted.",
        "Humble and hard-working, the very best sort of person.",
        "A heart this big needs a house with room for everyone.",
        "You'd never cheat, not even to win, and I admire that.",
        "Steady as an oak and twice as kind.",
        "Your friends are lucky, and your new housemates will be luckier.",
        "I find only honesty in here, and plenty of it.",
        "Dedication and decency, and you have both in abundance.",
        "The badger's burrow has a warm spot waiting for you.",
        "You make people feel at home wherever you go.",
        "Fair play and a kind word, that's all you've ever needed.",
    ),
    "Ravenclaw": (
        "Such a restless, curious mind, it practically hums.",
        "Questions upon questions in here, how delightful.",
        "A sharp mind deserves sharp company.",
        "You'd rather solve the riddle than win the prize.",
        "Curiosity like yours will take you far, one library at a time.",
        "I see ideas stacked to the ceiling in this head.",
        "An inventor's mind, always tinkering and always wondering.",
        "Clever, original and a little odd, just as it should be.",
        "Learning is your treasure, and you'll find plenty of it there.",
        "Your thoughts fly higher than most.",
        "This head is full of books, with room for many more.",
        "A riddle at the door won't trouble you for long.",
        "You think in questions, and that's the best way to think.",
        "Such originality, nobody else would have dreamed up half of these notions.",
        "Knowledge is your compass, so let it lead you to the tower.",
        "I sense a puzzle-solver, and a stubborn one.",
        "Brilliance with a dash of eccentricity, perfect.",
        "Your curiosity could fill a library on its own.",
        "Blue and bronze will suit a mind this bright.",
        "You'll be happiest where ideas matter most.",
        "A quick wit and a quicker pen, I see.",
        "Creativity this wild needs room to spread its wings.",
        "Wisdom comes to those who keep asking, and you never stop.",
        "Clever enough to know how much there is still to learn.",
        "I've rarely met a head so crowded with theories.",
        "The eagle will welcome a thinker like you.",
        "Why, how and what if: your three favourite words.",
        "A scholar already, whether you know it or not.",
        "You'll turn every lesson into an adventure of the mind.",
        "Ideas first and everything else second, that's you.",
        "Sharp as a quill and twice as curious.",
        "Your mind is your greatest gift, so keep it well fed.",
        "An original thinker is never lost for long.",
        "Nothing delights you more than understanding, and that is telling.",
        "Endlessly inventive, and never bored for long.",
    ),
    "Slytherin": (
        "Ambition like yours needs a house that knows how to use it.",
        "Cunning, careful and determined, you'll go far.",
        "I see a plan behind those eyes, and another behind that one.",
        "You were never going to settle for ordinary.",
        "A born leader with a real taste for winning.",
        "You want to be remembered, and you have the drive to make it happen.",
        "Resourceful and proud, the serpents will welcome you.",
        "You play the long game, and you play it well.",
        "Such determination, nothing will stand in your way for long.",
        "You know what you want, which is more than most can say.",
        "A clever tongue and an even cleverer plan, I see.",
        "Winning matters to you, and you're not shy about it.",
        "Green and silver will suit someone this driven.",
        "Pride, ambition and a good deal of cunning, a fine mix.",
        "You'll climb high, and you'll enjoy every step.",
        "A schemer with style, how refreshing.",
        "You look after yourself first, and that's nothing to be ashamed of.",
        "I sense someone who turns every obstacle into an opportunity.",
        "Power doesn't frighten you, and that's a rare thing.",
        "You read people like open books, which is useful indeed.",
        "Determined to the core, you'll make your mark.",
        "There's steel beneath the charm, I can tell.",
        "The dungeons have room for someone with plans this big.",
        "A strategist through and through.",
        "Second place was never going to be good enough for you.",
        "Resourcefulness like this can't be taught, only sharpened.",
        "You'll lead rather than follow, and everyone will know it.",
        "I see a mind that is always three moves ahead.",
        "Your name will mean something one day, I'm sure of it.",
        "Shrewd and self-assured, just what I was looking for.",
        "Every choice is a step toward the top, I see.",
        "A little ruthless, very determined and entirely sure of yourself.",
        "The snake's den suits a patient planner.",
        "Ambition burns bright in here.",
        "You never show your hand too early, how clever.",
    ),
}

# Reasons that acknowledge a secondary trait, for the mixed-trait prompts.
MIXED_REASONS: dict[str, tuple[str, ...]] = {
    "Gryffindor": (
        "There's more than one gift in here, but courage shouts the loudest.",
        "A decent mind and a good heart, yes, but your nerve decides it.",
        "I was tempted elsewhere, but that daring streak wins out.",
        "Other qualities whisper, but bravery roars.",
    ),
    "Hufflepuff": (
        "Other talents, certainly, but kindness is your truest colour.",
        "I considered a few places, yet loyalty tipped the scales.",
        "There's more to you than one thing, but your good heart leads.",
        "Cleverness and nerve are all very well, but your fairness matters most.",
    ),
    "Ravenclaw": (
        "Other gifts, yes, but your curiosity is what sets you apart.",
        "A tricky one, but the mind wins in the end.",
        "I weighed it carefully, and your love of learning tipped it.",
        "Brave and kind enough, but above all endlessly curious.",
    ),
    "Slytherin": (
        "Many qualities, but ambition is the one steering the ship.",
        "You could fit elsewhere, but your drive decides it.",
        "A hard choice, but that determination settles it.",
        "Kind and clever, perhaps, but above all hungry for more.",
    ),
}

# ---------------------------------------------------------------------------
# People and sentence frames.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """How a description refers to its subject in one sentence."""

    subj: str  # sentence-initial subject: "I", "My sister", "She"
    subj_low: str  # mid-sentence subject: "I", "my sister", "she"
    subj_poss: str  # sentence-initial possessive: "My", "My sister's", "Her"
    obj_name: str  # mid-sentence object: "me", "my sister", "her"
    poss: str  # pronoun possessive for fragments: "my", "her"
    obj: str  # pronoun object for fragments: "me", "her"
    refl: str  # reflexive for fragments: "myself", "herself"


ME = Person("I", "I", "My", "me", "my", "me", "myself")
SOMEONE = Person("Someone", "someone", "Their", "them", "their", "them", "themselves")

PRONOUNS = {
    "f": ("She", "she", "Her", "her", "her", "her", "herself"),
    "m": ("He", "he", "His", "him", "his", "him", "himself"),
}

SUBJECTS: tuple[tuple[str, str], ...] = (
    ("My sister", "f"),
    ("My brother", "m"),
    ("My best friend Maya", "f"),
    ("My cousin Oliver", "m"),
    ("This girl in my year", "f"),
    ("My son", "m"),
    ("My daughter", "f"),
    ("Our neighbour's boy", "m"),
    ("My roommate Priya", "f"),
    ("My little brother", "m"),
    ("My older sister", "f"),
    ("My friend Sam", "m"),
    ("My mate Jamie", "m"),
    ("The new girl in class", "f"),
    ("My grandad", "m"),
    ("My mum", "f"),
    ("My dad", "m"),
    ("My niece Ada", "f"),
    ("My nephew Leo", "m"),
    ("A boy I tutor", "m"),
    ("My girlfriend", "f"),
    ("My boyfriend", "m"),
    ("My twin brother Kai", "m"),
    ("My pen pal Sofia", "f"),
    ("My lab partner Tom", "m"),
    ("The girl next door", "f"),
    ("My aunt Rosa", "f"),
    ("My stepdad", "m"),
    ("My youngest", "f"),
    ("This lad on my team", "m"),
    ("My flatmate Hannah", "f"),
    ("My oldest friend Dev", "m"),
)

FIRST_FRAMES: dict[str, tuple[str, ...]] = {
    "adj": (
        "I'm {a} and {b}.",
        "I'd describe myself as {a}, {b} and {c}.",
        "People usually call me {a}.",
        "My friends would say I'm {a} and maybe a little too {b}.",
        "Most people think I'm {a}, and they're right.",
        "Ask anyone and they'll tell you I'm {a} and {b}.",
        "I've always been {a}.",
        "If I'm honest, I'm pretty {a} and very {b}.",
    ),
    "who": (
        "I'm the kind of person who {w}.",
        "I'm always the one who {w}.",
        "I'm someone who {w}.",
        "I'm the sort who {w}.",
        "People know me as the one who {w}.",
        "I'm basically the person who {w}.",
    ),
    "hobby": (
        "In my spare time I love {h}.",
        "My favourite way to spend a weekend is {h}.",
        "I'm happiest when I'm {h}.",
        "Hobbies: {h} and {h2}.",
        "You'll usually find me {h}.",
        "I could spend all day {h}.",
        "I'm really into {h} and {h2}.",
    ),
    "fear": (
        "My biggest fear is {x}.",
        "Nothing scares me more than {x}.",
        "What frightens me most is {x}.",
        "I'm terrified of {x}.",
        "The worst thing I can imagine is {x}.",
    ),
    "ambition": (
        "I want to {x}.",
        "One day I'm going to {x}.",
        "My dream is to {x}.",
        "Someday I'd love to {x}.",
        "More than anything, I want to {x}.",
        "My plan is to {x} one day.",
    ),
    "value": (
        "What matters most to me is {v}.",
        "I value {v} above everything.",
        "For me, it's all about {v}.",
        "I care about {v} more than anything else.",
        "{V} is everything to me.",
    ),
    "first": ("{f}.",),
}

THIRD_FRAMES: dict[str, tuple[str, ...]] = {
    "adj": (
        "{S} is {a} and {b}.",
        "{S} is {a}, {b} and a little bit {c}.",
        "Everyone calls {O} {a}.",
        "If I had to sum {O} up: {a}, {b}, {c}.",
        "{S} is about as {a} as anyone I know.",
        "{S} has always been {a} and {b}.",
    ),
    "who": (
        "{S} {w}.",
        "{S} is the kind of person who {w}.",
        "{S} is someone who {w}.",
        "{S} is always the one who {w}.",
        "{S} is the sort who {w}.",
    ),
    "hobby": (
        "{S} loves {h}.",
        "{S} spends most weekends {h}.",
        "{SP} favourite pastime is {h}.",
        "{S} could spend all day {h}.",
        "{S} is really into {h} and {h2}.",
    ),
    "fear": (
        "{SP} biggest fear is {x}.",
        "{S} is terrified of {x}.",
        "Nothing scares {O} more than {x}.",
    ),
    "ambition": (
        "{S} wants to {x}.",
        "{SP} dream is to {x}.",
        "{S} has always wanted to {x}.",
        "One day {s} hopes to {x}.",
    ),
    "value": (
        "{S} cares about {v} more than anything.",
        "What {s} values most is {v}.",
        "For {O}, {v} comes first.",
    ),
}

FIRST_KIND_WEIGHTS = {
    "first": 3.0,
    "who": 2.0,
    "adj": 1.5,
    "hobby": 1.0,
    "fear": 1.0,
    "ambition": 1.0,
    "value": 1.0,
}
THIRD_KIND_WEIGHTS = {
    "who": 3.0,
    "adj": 1.5,
    "hobby": 1.0,
    "fear": 1.0,
    "ambition": 1.0,
    "value": 1.0,
}

REPEATABLE_KINDS = ("first", "who")
CONNECTORS = ("Also, ", "And ", "On top of that, ", "Plus, ", "Oh, and ")
RAMBLE_OPENERS = (
    "Okay, so.",
    "Um, where do I even start.",
    "Right, so basically",
    "Honestly?",
    "I don't know, I guess",
    "Well,",
    "Hmm, okay.",
    "So, about me:",
    "Where to begin...",
)
RAMBLE_LINKS = (" Also ", " And ", " Oh and ", " Plus ", " Anyway, ", " Then again, ", "... ")
RAMBLE_CLOSERS = (
    " That's me, I think.",
    " Does that help?",
    " Not sure what else to say.",
    " That's about it.",
    " I think that covers it.",
    " Anyway, that's me.",
    "",
)
THIRD_INTROS = (
    "Let me tell you about {s}.",
    "I need help sorting {s}.",
    "Okay, {s}.",
    "A quick description of {s}:",
)
CONCESSIONS_AFTER = (
    "I can be a bit {x} too, I suppose.",
    "Though I'll admit I'm {x} now and then.",
    "Sure, I'm also pretty {x}, but that's not what drives me.",
    "My friends say I'm {x} as well, but I don't think that's the main thing.",
    "I'm {x} sometimes, but only a little.",
)
CONCESSIONS_BEFORE = (
    "I'm fairly {x}, but that's not really the point.",
    "Okay, I can be {x}. But mostly:",
    "People sometimes call me {x}, but that's only half of it.",
    "I guess I'm {x}, sure.",
)
THIRD_MIXED = (
    "{S} can be {x}, but what really stands out is that {s} {w}.",
    "{S} is {x} at times, but mostly {s} {w}.",
    "{S} {w}. {S2} is a bit {x} too, but that's secondary.",
)
QUESTION_FRAMES = (
    "Which house would suit someone who {w} and {w2}?",
    "Where would you put a kid who {w}?",
    "What house for a person who is {a}, {b} and {c}?",
    "Where does someone {a} and {b} belong?",
    "Which house fits someone whose biggest fear is {fear}?",
    "I have a friend who {w}. Where would they end up?",
    "My kid {w} and {w2}. Which house?",
    "Which house for somebody who loves {h} and wants to {amb}?",
    "Someone {a}, {b} and {c}. Where do they go?",
    "Where should {an_a}, {b} student go?",
    "Which house would take a person who {w}?",
)
KEYWORD_PREFIXES = (
    "",
    "",
    "",
    "Traits: ",
    "Personality: ",
    "Words that describe me: ",
    "Me in a few words: ",
    "Describe me? ",
    "Key traits - ",
)

# ---------------------------------------------------------------------------
# Composition.
# ---------------------------------------------------------------------------


def _decap(text: str) -> str:
    """Lower-case the first letter unless the sentence starts with the pronoun I."""
    first = text.split(" ", 1)[0]
    if first == "I" or first.startswith("I'"):
        return text
    return text[:1].lower() + text[1:]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" or word.startswith("hon") else "a"


def _fill(fragment: str, person: Person) -> str:
    return fragment.format(p=person.poss, o=person.obj, r=person.refl)


def _third_person(label: str, gender: str, first_mention: bool) -> Person:
    pronoun = PRONOUNS[gender]
    if not first_mention:
        return Person(*pronoun)
    low = _decap(label)
    return Person(label, low, f"{label}'s", low, *pronoun[4:])


class Composer:
    """Builds one prompt for one house, recording which fragments it used."""

    def __init__(self, rng: random.Random, house: str) -> None:
        self.rng = rng
        self.house = house
        self.traits = TRAITS[house]
        self.used: list[str] = []

    def pick(self, pool: tuple[str, ...]) -> str:
        """Pick a fragment not yet used in this prompt."""
        choices = [item for item in pool if item not in self.used]
        item = self.rng.choice(choices)
        self.used.append(item)
        return item

    def sentence(self, kind: str, person: Person, traits: Traits | None = None) -> str:
        """One sentence of the given kind about `person`."""
        t = traits or self.traits
        frames = FIRST_FRAMES if person is ME else THIRD_FRAMES
        frame = self.rng.choice(frames[kind])
        slots: dict[str, str] = {}
        if kind == "adj":
            slots = {k: self.pick(t.adjectives) for k in "abc" if "{" + k + "}" in frame}
        elif kind == "who":
            slots["w"] = _fill(self.pick(t.who), person)
        elif kind == "hobby":
            slots["h"] = _fill(self.pick(t.hobbies), person)
            if "{h2}" in frame:
                slots["h2"] = _fill(self.pick(t.hobbies), person)
        elif kind == "fear":
            slots["x"] = _fill(self.pick(t.fears), person)
        elif kind == "ambition":
            slots["x"] = _fill(self.pick(t.ambitions), person)
        elif kind == "value":
            value = _fill(self.pick(t.values), person)
            slots = {"v": value, "V": _cap(value)}
        elif kind == "first":
            slots["f"] = self.pick(t.first)
        return frame.format(S=person.subj, s=person.subj_low, SP=person.subj_poss, O=person.obj_name, **slots)

    def kinds(self, weights: dict[str, float], k: int) -> list[str]:
        """k sentence kinds; only free-form kinds may repeat, so no prompt lists two fears."""
        names = list(weights)
        chosen: list[str] = []
        while len(chosen) < k:
            kind = self.rng.choices(names, weights=[weights[n] for n in names])[0]
            if kind not in chosen or kind in REPEATABLE_KINDS:
                chosen.append(kind)
        return chosen

    def join(self, sentences: list[str]) -> str:
        """Join sentences, now and then with a casual connector."""
        out = sentences[0]
        for sentence in sentences[1:]:
            if self.rng.random() < 0.2:
                out += " " + self.rng.choice(CONNECTORS) + _decap(sentence)
            else:
                out += " " + sentence
        return out

    # -- modes ---------------------------------------------------------------

    def first_person(self) -> str:
        k = self.rng.choice((1, 2, 2, 3, 3, 3, 4))
        return self.join([self.sentence(kind, ME) for kind in self.kinds(FIRST_KIND_WEIGHTS, k)])

    def third_person(self) -> str:
        label, gender = self.rng.choice(SUBJECTS)
        self.used.append(label)
        k = self.rng.choice((1, 2, 2, 3, 3))
        intro = ""
        if self.rng.random() < 0.25:
            intro = self.rng.choice(THIRD_INTROS).format(s=_decap(label)) + " "
        first_mention = not intro
        sentences = []
        for kind in self.kinds(THIRD_KIND_WEIGHTS, k):
            sentences.append(self.sentence(kind, _third_person(label, gender, first_mention)))
            first_mention = False
        return intro + self.join(sentences)

    def keywords(self, other: Traits | None = None) -> str:
        t = self.traits
        pool = t.adjectives + t.adjectives + t.phrases
        n = self.rng.choice((3, 3, 4, 4, 5, 6))
        items = list(dict.fromkeys(self.rng.choice(pool) for _ in range(n * 2)))[:n]
        if other is not None:
            items.insert(self.rng.randrange(1, len(items) + 1), "a bit " + self.rng.choice(other.adjectives))
        self.used.extend(items)
        style = self.rng.randrange(5)
        if style == 0:
            body = ", ".join(items)
        elif style == 1:
            body = ", ".join(items[:-1]) + " and " + items[-1]
        elif style == 2:
            body = " / ".join(items)
        elif style == 3:
            body = ". ".join(_cap(i) for i in items) + "."
        else:
            body = "; ".join(items)
        prefix = self.rng.choice(KEYWORD_PREFIXES)
        if self.rng.random() < 0.15:
            label, _ = self.rng.choice(SUBJECTS)
            prefix = f"{label}: "
        text = prefix + body
        return text if self.rng.random() < 0.5 else _cap(text)

    def situation(self) -> str:
        stems, responses = self.rng.choice(SCENARIOS)
        stem = self.rng.choice(stems)
        response = self.pick(responses[self.house])
        text = f"{stem} {response}."
        if self.rng.random() < 0.5:
            kind = self.rng.choice(("first", "who", "adj", "value", "fear"))
            extra = self.sentence(kind, ME)
            text = f"{text} {extra}" if self.rng.random() < 0.6 else f"{extra} {text}"
        return text

    def mixed(self) -> str:
        other = TRAITS[self.rng.choice([h for h in HOUSES if h != self.house])]
        roll = self.rng.random()
        if roll < 0.2:
            return self.keywords(other)
        if roll < 0.4:
            label, gender = self.rng.choice(SUBJECTS)
            self.used.append(label)
            frame = self.rng.choice(THIRD_MIXED)
            first = _third_person(label, gender, True)
            later = _third_person(label, gender, False)
            return frame.format(
                S=first.subj,
                s=later.subj_low,
                S2=later.subj,
                x=self.pick(other.adjectives),
                w=_fill(self.pick(self.traits.who), first),
            )
        dominant = [self.sentence(kind, ME) for kind in self.kinds(FIRST_KIND_WEIGHTS, 2)]
        secondary = self.pick(other.adjectives)
        if self.rng.random() < 0.6:
            return " ".join(dominant) + " " + self.rng.choice(CONCESSIONS_AFTER).format(x=secondary)
        return self.rng.choice(CONCESSIONS_BEFORE).format(x=secondary) + " " + " ".join(dominant)

    def ramble(self) -> str:
        k = self.rng.choice((3, 4))
        sentences = [self.sentence(kind, ME) for kind in self.kinds(FIRST_KIND_WEIGHTS, k)]
        opener = self.rng.choice(RAMBLE_OPENERS)
        # After a full stop or question mark the next sentence keeps its capital.
        first = sentences[0] if opener[-1] in ".?" else _decap(sentences[0])
        text = f"{opener} {first}"
        link = ""
        for sentence in sentences[1:]:
            link = self.rng.choice([x for x in RAMBLE_LINKS if x != link])
            if link == "... ":
                text = text.rstrip(".")
            text += link + _decap(sentence)
        return text + self.rng.choice(RAMBLE_CLOSERS)

    def question(self) -> str:
        t = self.traits
        frame = self.rng.choice(QUESTION_FRAMES)
        slots: dict[str, str] = {}
        for key in ("w", "w2"):
            if "{" + key + "}" in frame:
                slots[key] = _fill(self.pick(t.who), SOMEONE)
        for key in "abc":
            if "{" + key + "}" in frame:
                slots[key] = self.pick(t.adjectives)
        if "{an_a}" in frame:
            adjective = self.pick(t.adjectives)
            slots["an_a"] = f"{_article(adjective)} {adjective}"
        if "{fear}" in frame:
            slots["fear"] = _fill(self.pick(t.fears), SOMEONE)
        if "{h}" in frame:
            slots["h"] = _fill(self.pick(t.hobbies), SOMEONE)
            slots["amb"] = _fill(self.pick(t.ambitions), SOMEONE)
        return frame.format(**slots)


RESPONSES = frozenset(r for _, by_house in SCENARIOS for rs in by_house.values() for r in rs)
MAX_RESPONSE_USES = 2

MODES: dict[str, float] = {
    "first_person": 0.27,
    "third_person": 0.18,
    "keywords": 0.11,
    "situation": 0.15,
    "mixed": 0.12,
    "ramble": 0.08,
    "question": 0.09,
}


def _completion(rng: random.Random, house: str, mixed: bool) -> str:
    if rng.random() < NO_REASON_RATE:
        return f"{house}!"
    pool = REASONS[house]
    if mixed and rng.random() < 0.6:
        pool = MIXED_REASONS[house]
    return f"{house}! {rng.choice(pool)}"


def _house_rows(rng: random.Random, house: str, seen_prompts: set[str], seen_keys: set[frozenset[str]]) -> list[Row]:
    """Hand-written rows first, then composed ones until the house has ROWS_PER_HOUSE."""
    rows: list[Row] = []
    handwritten = [(p, False) for p in HANDWRITTEN[house]]
    handwritten += [(p, True) for p in HANDWRITTEN_MIXED[house]]
    for prompt, mixed in handwritten:
        if prompt.strip().lower() not in seen_prompts:
            seen_prompts.add(prompt.strip().lower())
            rows.append((prompt, _completion(rng, house, mixed)))
    modes, weights = list(MODES), list(MODES.values())
    # A situational response is long and distinctive; reusing it often makes near-duplicates.
    response_uses: Counter[str] = Counter()
    while len(rows) < ROWS_PER_HOUSE:
        mode = rng.choices(modes, weights=weights)[0]
        composer = Composer(rng, house)
        prompt = getattr(composer, mode)()
        key = frozenset(composer.used)
        if (
            len(prompt.split()) > MAX_PROMPT_WORDS - 2
            or prompt.strip().lower() in seen_prompts
            or key in seen_keys
            or any(response_uses[f] >= MAX_RESPONSE_USES for f in key & RESPONSES)
        ):
            continue
        seen_prompts.add(prompt.strip().lower())
        seen_keys.add(key)
        response_uses.update(key & RESPONSES)
        rows.append((prompt, _completion(rng, house, mixed=mode == "mixed")))
    return rows


def build_rows(seed: int = 0) -> list[Row]:
    """All rows, exactly ROWS_PER_HOUSE per house, unique prompts."""
    rng = random.Random(seed)
    seen_prompts: set[str] = set()
    seen_keys: set[frozenset[str]] = set()
    rows: list[Row] = []
    for house in HOUSES:
        rows.extend(_house_rows(rng, house, seen_prompts, seen_keys))
    _check(rows)
    return rows


# ---------------------------------------------------------------------------
# Checks.
# ---------------------------------------------------------------------------

HOUSE_WORDS: dict[str, tuple[str, ...]] = {
    "Gryffindor": ("gryffindor", "lions?", "godric", "scarlet", "red and gold"),
    "Hufflepuff": ("hufflepuff", "badgers?", "helga", "yellow and black"),
    "Ravenclaw": ("ravenclaw", "ravens?", "eagles?", "rowena", "blue and bronze"),
    "Slytherin": ("slytherin", "snakes?", "serpents?", "salazar", "green and silver"),
}


def _mentions(text: str, house: str) -> bool:
    pattern = r"\b(" + "|".join(HOUSE_WORDS[house]) + r")\b"
    return re.search(pattern, text.lower()) is not None


def house_of(row: Row) -> str:
    """The house a row's completion names first (its group for the split)."""
    return row[1].split("!", 1)[0]


def _check(rows: list[Row]) -> None:
    counts = Counter(house_of(r) for r in rows)
    assert set(counts) == set(HOUSES) and len(set(counts.values())) == 1, counts
    named = 0
    for prompt, completion in rows:
        house = house_of((prompt, completion))
        reason = completion[len(house) + 1 :]
        assert "\n" not in prompt + completion
        assert len(prompt.split()) <= MAX_PROMPT_WORDS, prompt
        assert len(completion.split()) <= MAX_COMPLETION_WORDS, completion
        assert not any(_mentions(reason, h) for h in HOUSES if h != house), completion
        named += any(_mentions(prompt, h) for h in HOUSES)
    assert named < 0.05 * len(rows), named


def main() -> None:
    rows = build_rows(seed=0)
    train, val = common.split_rows(rows, house_of, lambda n: n // 10, seed=0)
    common.write_task(TASK, train, val)


if __name__ == "__main__":
    main()
