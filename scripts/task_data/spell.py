"""Build the [SPELL] fine-tuning data: `Effect: <what it should do>` -> incantation.

Every spell has two hand-written lists: short verb phrases ("actions") that are used
bare as imperatives and also dropped into varied request frames, and full
descriptions (descriptive, situational, questions, story references) used as-is.
Spells that are easy to confuse (the explosive curses, the shields, the lights, the
stunning and binding spells) carry the distinguishing detail in their wording.
"""

from __future__ import annotations

import random
import re

from scripts.task_data import common
from scripts.task_data.common import Row

PREFIX = "Effect: "
FRAMES_PER_ACTION = 2

# Each frame takes a bare verb phrase such as "unlock a door".
FRAMES: tuple[str, ...] = (
    "I need a spell to {a}.",
    "What do you say to {a}?",
    "Something that will {a}.",
    "How do I {a}?",
    "Is there a charm to {a}?",
    "Give me the incantation to {a}.",
    "Which spell would {a}?",
    "spell to {a}",
    "{A}, please.",
    "Quick, I have to {a}!",
    "What's the incantation if I want to {a}?",
    "Looking for magic that lets me {a}.",
    "Best spell to {a}?",
    "I want to {a}.",
    "Help me {a}.",
    "What should I cast to {a}?",
    "wand words to {a}",
    "Tell me the spell used to {a}.",
    "Need to {a} - what's the charm?",
    "Which incantation do witches and wizards use to {a}?",
    "a way to {a} with magic",
    "Cast something to {a}.",
    "A spell that lets you {a}",
    "Magic to {a}",
    "How would a wizard {a}?",
    "What is the spell to {a}?",
    "My friend needs to {a}. Which spell?",
    "Teach me to {a}.",
    "Any spell that can {a}?",
    "I'd like to {a} - what do I say?",
    "Which words {a}?",
    "Hex, jinx or charm, whatever will {a}.",
    "The incantation for when you need to {a}",
    "Please tell me how to {a} using my wand.",
    "Can magic {a}? Which spell?",
    "Is there a quick way to {a}?",
    "what's the spell that can {a}",
    "In class we learned to {a}. What was the word again?",
    "Wand out. I must {a}. Incantation?",
    "Remind me how to {a}.",
)

# Frames about someone else read oddly around "my wand" or "keep me dry".
THIRD_PERSON_FRAMES = frozenset(
    {
        "My friend needs to {a}. Which spell?",
        "How would a wizard {a}?",
        "Which words {a}?",
        "Which spell would {a}?",
        "Which incantation do witches and wizards use to {a}?",
    }
)
FIRST_PERSON = re.compile(r"\b(i|me|my|myself|us|our|we)\b", re.IGNORECASE)

# (actions, descriptions) for one incantation.
Spell = tuple[list[str], list[str]]

UNLOCKING_AND_FINDING: dict[str, Spell] = {
    "Alohomora": (
        [
            "unlock a door",
            "open a locked window",
            "pick a lock without any tools",
            "get a bolted cupboard open",
            "undo a padlock",
        ],
        [
            "A charm that unfastens locks",
            "I'm stuck outside a locked classroom and need to get in",
            "The Unlocking Charm",
            "How do I open a door when I don't have the key?",
            "Locks click open at the touch of a wand",
            "Unbolts the door in front of me",
            "Hermione used this to get through a locked door while fleeing Filch in first year",
            "the lock on this trunk is jammed, open it",
        ],
    ),
    "Colloportus": (
        [
            "lock a door by magic",
            "seal a door shut so nobody can open it",
            "jam a door closed behind us",
            "make a door stick fast in its frame",
        ],
        [
            "The Locking Spell, the reverse of the Unlocking Charm",
            "We are being chased and I want the door behind us sealed",
            "a charm that fastens a door tight",
            "How do I stop anyone from opening this door?",
            "Doors close and lock with a wet squelching noise",
            "Hermione sealed doors with it in the Department of Mysteries",
            "magically bolt a door from my side",
        ],
    ),
    "Dissendium": (
        [
            "open the hump of the one-eyed witch statue",
            "reveal the secret passage to Honeydukes",
            "get into the tunnel hidden in the humpbacked witch statue",
        ],
        [
            "Tap the old hunchbacked witch on the third floor and the way to Hogsmeade opens",
            "I want to sneak into Hogsmeade through the statue's hidden tunnel",
            "The Marauder's Map says to tap the statue and say what?",
            "Opens a concealed passage inside a statue",
            "the word that opens the one-eyed witch's hump",
            "secret-passage opener from the Marauder's Map",
        ],
    ),
    "Accio": (
        [
            "summon an object from across the room",
            "make a distant item fly straight to the caster",
            "fetch something without getting up",
            "call a broomstick to my hand from far away",
            "pull an object through the air toward me",
        ],
        [
            "The Summoning Charm",
            "A charm that brings things zooming to the person who cast it",
            "I left my book upstairs and I'm too lazy to go and get it",
            "How can I get my Firebolt to fly to me from the castle?",
            "The item comes to you, rather than you going to it",
            "The spell Harry used to call his broom during the dragon task",
            "The Weasley twins' toffees came flying out of their pockets because of this",
            "bring it here!",
        ],
    ),
    "Depulso": (
        [
            "banish an object away from me",
            "send something flying off in the other direction",
            "push an object away through the air",
            "get rid of a thing by throwing it far off",
        ],
        [
            "The Banishing Charm, the opposite of summoning",
            "a charm that sends objects hurtling away from the caster",
            "Get this cushion away from me, send it across the room",
            "How do I banish something away instead of calling it to me?",
            "repels objects from the caster (game spell)",
            "Pushes the item away, not towards you",
        ],
    ),
    "Point Me": (
        [
            "find north",
            "make a wand point north like a compass needle",
            "get my bearings when I'm lost",
            "turn my wand into a compass",
        ],
        [
            "The Four-Point Spell",
            "Harry used it in the maze in the third task to work out which way to go",
            "a charm that makes the wand spin and point north, not one that brings things to you",
            "I'm lost in this hedge maze and have no idea which direction is which",
            "How do I find north without a compass?",
            "Wand, show me which way is north",
            "a direction-finding charm",
        ],
    ),
    "Homenum Revelio": (
        [
            "reveal people hiding nearby",
            "detect hidden humans in a building",
            "find out if anyone else is in the house",
            "check whether someone is hiding under an invisibility cloak",
        ],
        [
            "The Human-Presence-Revealing Spell",
            "Hermione cast it on arriving at Grimmauld Place to make sure the house was empty",
            "a charm that shows whether any person is present",
            "How do I know if somebody is lurking in this room unseen?",
            "Death Eaters used it at the Lovegoods' house to look for Harry",
            "Reveal any humans around me",
            "detects people, not objects or writing",
        ],
    ),
    "Specialis Revelio": (
        [
            "reveal an object's hidden magical properties",
            "find out what enchantments are on something",
            "identify the ingredients in a potion",
            "check a book for concealed magic",
        ],
        [
            "Scarpin's Revelaspell",
            "Hermione tried it on the Half-Blood Prince's potions book",
            "a charm that discloses concealed enchantments on an object",
            "How can I tell if this book has been jinxed?",
            "What is actually in this potion? I want its secrets revealed",
            "Show me any hidden spells on this item",
        ],
    ),
    "Aparecium": (
        [
            "reveal invisible ink",
            "make hidden writing appear",
            "show secret text on a page",
            "uncover a message written in vanishing ink",
        ],
        [
            "A revealing charm for concealed words",
            "This diary looks blank but I think something is written in it",
            "Hermione tried it on Riddle's diary to see if it hid any words",
            "How can I read a letter written in invisible ink?",
            "Makes hidden markings on parchment become visible",
            "Show me what's really written on this empty sheet",
            "a charm to make invisible writing show itself",
        ],
    ),
    "Prior Incantato": (
        [
            "show the last spell a wand cast",
            "find out what spell a wand performed most recently",
            "reveal a wand's previous spell",
            "check which spell came out of a wand",
        ],
        [
            "The Reverse Spell",
            "Amos Diggory used it to prove a wand had conjured the Dark Mark",
            "a charm that makes a wand replay an echo of its latest spell",
            "How do I prove which spell this wand was used for?",
            "Touch your wand to another and see the ghost of what it last did",
            "Make this wand confess what it cast",
        ],
    ),
    "Deletrius": (
        [
            "erase the ghostly image produced by Prior Incantato",
            "wipe away a spell echo floating in the air",
            "make a revealed spell's smoky image vanish",
        ],
        [
            "The Eradication Spell",
            "Amos Diggory used it to dissolve the smoky Dark Mark he had drawn out of a wand",
            "a charm to clear away the echo that a wand's last spell leaves hanging",
            "How do I get rid of the smoky image that came out of the wand I examined?",
            "Deletes the image of a previous spell, not anyone's memories",
            "erase the glowing replay of a wand's last spell",
        ],
    ),
}

LIGHT_FIRE_WATER: dict[str, Spell] = {
    "Lumos": (
        [
            "light the tip of my wand",
            "make a wand glow",
            "see in the dark",
            "get a small light to read by",
            "turn my wand into a torch",
        ],
        [
            "The Wand-Lighting Charm",
            "a charm for a small beam of light at the wand tip",
            "It's pitch black in here and I can't see my own hand",
            "How do I make a little light?",
            "An ordinary glow at the end of the wand, not a blinding one",
            "Reading under the covers after lights-out",
            "wand torch charm",
            "I dropped something on this dark staircase and need to see",
        ],
    ),
    "Lumos Maxima": (
        [
            "make a blinding ball of light",
            "light up a whole room brightly",
            "make a much brighter light than the normal wand light",
            "flood a dark hall with intense light",
        ],
        [
            "The stronger version of the Wand-Lighting Charm",
            "Harry practised it under his bedclothes at Privet Drive in the film",
            "a charm for a very bright light, far brighter than the usual glow",
            "How do I light up an entire cavern at once?",
            "I need a huge burst of light to dazzle them",
            "Maximum-strength wand light",
            "throw a big glowing orb up to the ceiling",
        ],
    ),
    "Lumos Solem": (
        [
            "shoot a beam of sunlight",
            "make light as strong as the sun",
            "drive off Devil's Snare with sunlight",
            "produce a ray of sunshine from a wand",
        ],
        [
            "Hermione's spell to free Ron and Harry from the Devil's Snare in the first film",
            "a spell that casts a beam of real sunlight from the wand",
            "Devil's Snare is strangling us and it hates the sun",
            "How do I make sunlight underground?",
            "Sunlight charm",
            "a burst of warm daylight rather than ordinary wand-light",
        ],
    ),
    "Nox": (
        [
            "put out my wand light",
            "turn off the light at the tip of a wand",
            "extinguish a lit wand",
            "go dark again after lighting a wand",
        ],
        [
            "The counter-charm to the Wand-Lighting Charm",
            "We need darkness so nobody spots us",
            "How do I switch my wand off?",
            "makes the wand stop glowing",
            "douse the light on my wand",
            "The Wand-Extinguishing Charm",
        ],
    ),
    "Incendio": (
        [
            "start a fire",
            "light a fire in the fireplace",
            "set something alight",
            "shoot flames from a wand",
            "get a campfire going",
        ],
        [
            "The Fire-Making Spell",
            "Mr Weasley lit the Dursleys' fireplace with it so they could travel by Floo",
            "a charm that produces fire",
            "How do I light a fire without matches?",
            "Burn it!",
            "I'm freezing and the logs won't catch",
            "makes flames appear, no explosion involved",
        ],
    ),
    "Flagrate": (
        [
            "draw fiery lines in the air",
            "mark a door with a burning X",
            "write glowing letters in mid-air",
            "trace flaming symbols with a wand",
        ],
        [
            "Hermione marked the doors they had already tried with fiery crosses in the Department of Mysteries",
            "a charm that leaves lines of fire hanging in the air or on surfaces",
            "How do I write something in fire?",
            "I need to mark which doors we've been through",
            "A fire-writing spell, not one for starting a blaze",
            "leave a glowing fiery mark on the wall",
        ],
    ),
    "Aguamenti": (
        [
            "conjure a jet of water",
            "make water shoot out of a wand",
            "put out a fire with water from nowhere",
            "fill a cup with clean water",
            "water the plants without a watering can",
        ],
        [
            "The Water-Making Spell",
            "A charm producing a stream of fresh water from the wand tip",
            "Hagrid's hut is on fire and we need water now",
            "How do I get drinking water in the middle of a desert?",
            "Gives you water, straight from the wand",
            "I'm thirsty and there's no tap anywhere",
            "Harry used it to try to give Dumbledore water in the cave",
        ],
    ),
    "Impervius": (
        [
            "waterproof something",
            "keep rain off my glasses",
            "make an object repel water",
            "stop water soaking through my cloak",
        ],
        [
            "The Impervius Charm",
            "Hermione cast it on Harry's glasses during a Quidditch match in a storm",
            "a charm that makes things water-repellent",
            "It's pouring and I can't see through my rain-spattered specs",
            "How do I keep my robes dry?",
            "Water-repelling charm",
        ],
    ),
    "Glacius": (
        [
            "freeze a target in ice",
            "encase an enemy in a block of ice",
            "turn water to ice",
            "chill something until it freezes solid",
        ],
        [
            "The Freezing Spell from the video games",
            "a spell that covers the target in a layer of ice",
            "How do I freeze this puddle solid?",
            "ice-making spell",
            "Ice it over!",
            "a blast of frost that turns things to ice",
        ],
    ),
    "Meteolojinx Recanto": (
        [
            "stop it raining inside an office",
            "end a weather enchantment",
            "stop the rain in a room",
            "clear up a jinxed indoor storm",
        ],
        [
            "Mr Weasley suggested it for the rain falling inside Yaxley's office",
            "a counter-charm for weather-making jinxes",
            "It keeps raining in my office at the Ministry",
            "How do I stop indoor weather?",
            "Make the magical rain cloud go away",
        ],
    ),
}

DUELLING: dict[str, Spell] = {
    "Expelliarmus": (
        [
            "disarm an opponent",
            "knock the wand out of someone's hand",
            "make an enemy drop their weapon",
            "send someone's wand flying",
        ],
        [
            "The Disarming Charm",
            "Harry's signature spell, even against Voldemort",
            "I want to take the wand away from the wizard in front of me",
            "How do I disarm somebody in a duel?",
            "Snape used it to blast Lockhart's wand away at the Duelling Club",
            "A spell that strips whatever the target is holding out of their grip",
            "disarmer",
        ],
    ),
    "Stupefy": (
        [
            "knock someone unconscious",
            "stun an enemy",
            "put an attacker out cold",
            "fire a red jet that knocks a person out",
        ],
        [
            "The Stunning Spell",
            "a spell that makes its target collapse senseless",
            "Several wizards cast it together to bring down a dragon",
            "How do I knock out a Death Eater?",
            "a red flash that leaves the victim unconscious, not just rigid",
            "Stunner",
            "He's coming at me, put him to sleep!",
        ],
    ),
    "Rennervate": (
        [
            "wake someone who has been stunned",
            "revive an unconscious person",
            "bring a stunned person round",
            "undo a Stunning Spell",
        ],
        [
            "The Reviving Spell",
            "Dumbledore used it to wake Viktor Krum after he was found stunned in the forest",
            "a charm that brings someone back to consciousness",
            "My friend got hit by a Stunner and is out cold",
            "How do I revive him?",
            "Counter to the Stunning Spell",
            "Wake up!",
        ],
    ),
    "Petrificus Totalus": (
        [
            "bind someone's whole body",
            "make a person go stiff as a board",
            "freeze someone's arms and legs tight to their sides",
            "paralyse someone completely while they stay awake",
        ],
        [
            "The Full Body-Bind Curse",
            "Hermione used it on Neville when he tried to stop them leaving the common room",
            "a curse that snaps the arms and legs together so the victim topples over rigid",
            "How do I make someone totally rigid?",
            "The victim can still see and hear but can't move a muscle",
            "whole-body paralysing curse",
        ],
    ),
    "Locomotor Mortis": (
        [
            "lock someone's legs together",
            "stop a person walking by binding their legs",
            "make an enemy's legs snap together",
            "cast the Leg-Locker Curse",
        ],
        [
            "The Leg-Locker Curse",
            "Malfoy used it on Neville, who had to bunny-hop back to the common room",
            "a curse that sticks your legs together so you can only hop",
            "How do I stop someone running away by locking their legs?",
            "Only the legs are bound, unlike a full body-bind",
        ],
    ),
    "Impedimenta": (
        [
            "slow down an attacker",
            "stop a charging creature in its tracks",
            "hinder someone chasing me",
            "hold back a pursuer for a few moments",
        ],
        [
            "The Impediment Jinx",
            "Harry practised it for the third task to slow down anything coming at him",
            "a jinx that halts or slows a target",
            "How do I stop something running at me?",
            "Slow that Blast-Ended Skrewt down!",
            "Impediment: makes the target sluggish or freezes it briefly",
        ],
    ),
    "Immobulus": (
        [
            "freeze creatures in midair",
            "stop moving things exactly where they are",
            "hold pixies motionless in the air",
            "halt everything around me in place",
        ],
        [
            "The Freezing Charm Hermione used on the pixies in the second film",
            "a charm that immobilises its targets without knocking them out",
            "Everything is flying around the room; stop it all moving",
            "How do I freeze a swarm of pixies?",
            "Keeps things frozen in place, unlike a full body-bind",
        ],
    ),
    "Incarcerous": (
        [
            "tie someone up with ropes",
            "bind a person in cords",
            "conjure ropes around a target",
            "truss up an enemy",
        ],
        [
            "Umbridge used it on the centaur Magorian, wrapping him in ropes",
            "a spell that shoots ropes out to bind someone",
            "How do I tie him up without any rope?",
            "Wrap the prisoner in thick cords",
            "rope-binding spell",
        ],
    ),
    "Relashio": (
        [
            "make something release its grip",
            "free someone from a hold",
            "force a creature to let go",
            "break someone's grasp on my arm",
        ],
        [
            "The Revulsion Jinx",
            "Harry used it underwater to get the grindylows off his legs",
            "a jinx that makes attackers let go",
            "How do I make this thing let go of my leg?",
            "Something's got hold of me and won't release",
        ],
    ),
    "Protego": (
        [
            "block a spell",
            "shield myself from a jinx",
            "make an invisible shield in front of me",
            "deflect an incoming curse",
            "bounce a hex back at the caster",
        ],
        [
            "The Shield Charm",
            "A shield around a single person, not a whole area",
            "He's about to hex me - protect me!",
            "How do I stop a spell from hitting me?",
            "Harry taught it to Dumbledore's Army",
            "Personal defensive barrier for a duel",
        ],
    ),
    "Finite Incantatem": (
        [
            "end all spells in the area",
            "stop a spell that's already running",
            "cancel an enchantment",
            "undo a jinx",
            "make every active spell stop at once",
        ],
        [
            "A general counter-spell",
            "Snape shouted it to stop the chaos at the Duelling Club",
            "My legs won't stop dancing; undo whatever someone cast on me",
            "a spell that terminates ongoing magical effects",
            "general counter-charm for almost anything",
            "How do I cancel a spell somebody put on me?",
        ],
    ),
    "Flipendo": (
        [
            "knock back an enemy",
            "knock someone off their feet",
            "push a heavy object backwards",
            "topple someone over with a jolt",
        ],
        [
            "The Knockback Jinx from the early video games",
            "a jinx that shoves its target backwards",
            "How do I knock that crate over?",
            "Send him tumbling backwards with a push",
            "a knockback spell",
        ],
    ),
    "Everte Statum": (
        [
            "throw an opponent spinning backwards through the air",
            "send a duelling partner flipping head over heels",
            "hurl someone backwards in a somersault",
        ],
        [
            "Malfoy used it at the Duelling Club in the second film to flip Harry over backwards",
            "a spell that flings the target cartwheeling through the air",
            "How do I send my opponent flying head over heels?",
            "Make him somersault and land on his back",
        ],
    ),
    "Rictusempra": (
        [
            "tickle someone",
            "make someone double over with giggles",
            "hit an opponent with a tickling charm",
            "make an enemy helpless with laughter",
        ],
        [
            "The Tickling Charm",
            "Harry used it on Malfoy at the Duelling Club to make him laugh",
            "a charm that makes the victim laugh until they can't stand",
            "How do I make him giggle helplessly?",
            "tickling jinx",
        ],
    ),
    "Tarantallegra": (
        [
            "make someone dance",
            "force a person's legs into a wild dance",
            "make an enemy's feet jig uncontrollably",
            "set someone's legs dancing",
        ],
        [
            "The Dancing Feet Spell",
            "Malfoy used it on Harry at the Duelling Club, setting his legs jerking in a dance",
            "a jinx that makes the victim's legs jerk and jig",
            "How do I make him dance against his will?",
            "Dance jinx",
            "Make her do a quickstep she can't stop",
        ],
    ),
    "Periculum": (
        [
            "send up red sparks",
            "signal for help",
            "fire a distress flare",
            "shoot red sparks into the sky",
        ],
        [
            "Harry fired it in the maze in the fourth film to call for help",
            "a spell that shoots a burst of red sparks as a signal",
            "I'm in trouble in the maze and need the teachers to find me",
            "How do I send a distress signal?",
            "red flare charm",
        ],
    ),
}

HEXES_AND_CURSES: dict[str, Spell] = {
    "Avada Kedavra": (
        [
            "kill someone instantly",
            "cast the Killing Curse",
            "end a life with a flash of green light",
            "murder a person without leaving a mark on the body",
        ],
        [
            "The worst of the three Unforgivable Curses, which causes immediate death",
            "A curse with a blinding green light that nobody is known to have survived except Harry",
            "What curse did Voldemort use on Harry's parents?",
            "Instant death with no counter-curse",
            "The curse that gave Harry his lightning-bolt scar",
            "Which Unforgivable kills?",
        ],
    ),
    "Crucio": (
        [
            "torture someone",
            "inflict unbearable pain",
            "cause agonising pain without leaving a wound",
            "make a person writhe in agony",
        ],
        [
            "The Cruciatus Curse",
            "One of the Unforgivables; it causes excruciating pain",
            "What curse drove Neville's parents out of their minds?",
            "Bellatrix's favourite curse for torment",
            "Pain so intense the victim screams, and nothing else",
            "the torture curse",
        ],
    ),
    "Imperio": (
        [
            "control another person's actions",
            "take over someone's mind and make them obey",
            "force someone to do whatever I say",
            "put a person under total command",
        ],
        [
            "The Imperius Curse",
            "The Unforgivable Curse that bends someone's will to yours",
            "a curse that leaves its victim in a dreamy, obedient haze",
            "How did Death Eaters make Ministry officials do their bidding?",
            "Make him my puppet",
            "Mind control curse",
        ],
    ),
    "Sectumsempra": (
        [
            "slash someone with deep cuts",
            "cut an enemy as if with an invisible sword",
            "make gashes open across a target",
            "wound someone with unseen blades",
        ],
        [
            "The Half-Blood Prince's curse written 'for enemies'",
            "Harry used it on Malfoy in the bathroom without knowing what it did",
            "a dark curse that leaves the victim bleeding from many slashes",
            "Snape cut off George's ear with it",
            "How do I slash someone from a distance?",
        ],
    ),
    "Confundo": (
        [
            "confuse someone",
            "muddle a person's thinking",
            "befuddle a guard so they believe a lie",
            "scramble someone's judgement",
        ],
        [
            "The Confundus Charm",
            "Hermione used it on Cormac McLaggen at the Keeper tryouts",
            "I need the security guard confused enough to let us pass",
            "a charm that makes the target bewildered and easy to fool",
            "What charm fooled the Goblet of Fire into picking a fourth champion?",
            "How do I make a Muggle stop thinking straight?",
        ],
    ),
    "Obliviate": (
        [
            "erase someone's memory",
            "wipe a Muggle's memory of magic",
            "make someone forget",
            "remove memories from a person's mind",
        ],
        [
            "The Memory Charm",
            "Hermione used it on her parents to protect them",
            "Lockhart tried it on Harry and Ron, but the broken wand backfired",
            "How do I make the Muggles forget what they saw?",
            "a charm that wipes a person's recollection",
            "Make him forget everything about today",
        ],
    ),
    "Densaugeo": (
        [
            "make someone's teeth grow",
            "enlarge a person's front teeth",
            "give someone huge buck teeth",
            "make teeth keep getting longer",
        ],
        [
            "The hex Malfoy hit Hermione with, so her teeth grew down past her chin",
            "a tooth-enlarging hex",
            "I want his teeth to grow like a beaver's",
            "Which hex makes teeth grow uncontrollably?",
            "Teeth-lengthening jinx",
        ],
    ),
    "Furnunculus": (
        [
            "make boils break out on someone",
            "cover a person in pimples",
            "give someone a face full of boils",
            "make someone's skin erupt in spots",
        ],
        [
            "The Pimple Jinx",
            "Harry's jinx that hit Goyle and covered his face in boils",
            "a hex that causes boils",
            "How do I give Malfoy spots?",
            "Boils everywhere!",
            "Which jinx brings out boils?",
        ],
    ),
    "Langlock": (
        [
            "glue someone's tongue to the roof of their mouth",
            "stop a person talking by sticking their tongue",
            "keep someone quiet by gluing their tongue",
        ],
        [
            "A tongue-gluing jinx from the Half-Blood Prince's book",
            "Harry used it on Peeves",
            "a jinx that sticks the tongue up so the victim can't speak",
            "How do I shut someone up without silencing the whole room?",
            "Tongue-tying jinx",
            "He won't stop yapping - glue his tongue",
        ],
    ),
    "Levicorpus": (
        [
            "hoist someone upside down by the ankle",
            "dangle a person in the air by one leg",
            "lift someone up and hang them by their ankle",
            "flip an enemy upside down into the air",
        ],
        [
            "A jinx scribbled in the Half-Blood Prince's margins that hoists people up by the ankle",
            "James used it on Snape by the lake",
            "The spell that leaves you hanging upside down as if from an invisible hook",
            "How do I lift somebody off the ground by their ankle?",
            "Mostly cast nonverbally; the victim ends up dangling by one ankle",
            "Turn him upside down and leave him dangling",
        ],
    ),
    "Liberacorpus": (
        [
            "let someone down who is hanging by the ankle",
            "release a person from being dangled upside down",
            "lower a victim of the ankle-hoisting jinx",
            "undo the jinx that hangs people upside down",
        ],
        [
            "The counter-jinx to Levicorpus",
            "Ron is dangling upside down in the dormitory; get him down",
            "How do I get somebody down when they're hung up by their ankle?",
            "a counter-spell that drops the dangling victim",
            "Lets the upside-down person fall free",
        ],
    ),
    "Serpensortia": (
        [
            "conjure a snake",
            "make a serpent shoot out of a wand",
            "produce a snake from nothing",
            "set a snake loose in a duel",
        ],
        [
            "Malfoy's spell at the Duelling Club that produced a snake",
            "a spell for creating serpents",
            "How do I make a snake appear?",
            "Snake-conjuring spell",
            "I want a long black snake to come out of my wand",
        ],
    ),
    "Morsmordre": (
        [
            "conjure the Dark Mark",
            "send the skull and serpent into the sky",
            "put the Death Eater symbol over a house",
        ],
        [
            "The spell that casts the Dark Mark",
            "Barty Crouch Jr cast it over the woods after the Quidditch World Cup",
            "a green skull with a snake coming out of its mouth in the sky",
            "How do Death Eaters mark a place where they've struck?",
            "Death Eater sign",
        ],
    ),
    "Oppugno": (
        [
            "make conjured birds attack someone",
            "send a flock of canaries pecking at a target",
            "order conjured creatures to charge at a person",
            "turn conjured birds into a weapon",
        ],
        [
            "The jinx Hermione used to set her little yellow birds on Ron",
            "a spell that directs already-conjured things to assault a target",
            "I've got birds circling my head and want them to go after him",
            "How do I get my conjured birds to attack?",
            "Attack command for things you've conjured",
            "Sets a swarm of birds upon someone (not the spell that creates them)",
        ],
    ),
    "Obscuro": (
        [
            "blindfold someone",
            "cover a person's eyes",
            "block someone's view with a blindfold",
        ],
        [
            "Hermione blindfolded the portrait of Phineas Nigellus with it",
            "a charm that conjures a blindfold over the eyes",
            "How do I stop someone seeing where we are?",
            "Put a dark cloth over his eyes",
            "blindfolding charm",
        ],
    ),
    "Waddiwasi": (
        [
            "shoot chewing gum out of a keyhole",
            "fire a small object at someone",
            "propel a wad of gum",
            "launch a small object at a target",
        ],
        [
            "Lupin used it to shoot chewing gum up Peeves's nose",
            "a spell that fires small objects through the air",
            "How did Lupin get back at Peeves?",
            "Fling that blob of gum at him",
            "small-object projectile spell",
        ],
    ),
    "Arania Exumai": (
        [
            "blast away giant spiders",
            "drive off acromantulas",
            "repel attacking spiders",
            "throw back a spider lunging at me",
        ],
        [
            "Harry's spell against Aragog's children in the second film",
            "a spell that hurls spiders away",
            "Spiders everywhere in the Forbidden Forest!",
            "How do I get this huge spider off us?",
            "anti-spider charm",
        ],
    ),
}

BLASTING_AND_SHAPING: dict[str, Spell] = {
    "Reducto": (
        [
            "blast a solid object to pieces",
            "reduce an obstacle to rubble",
            "blow a hole through an obstacle",
            "shatter a shelf into fragments",
            "pulverise a barrier into dust",
        ],
        [
            "The Reductor Curse, which disintegrates solid things",
            "a curse that breaks obstacles down into dust and fragments",
            "Harry tried it on a hedge in the maze and burned a small hole in it",
            "a curse to smash whatever stands in the way",
            "Not Reducio (which shrinks) - the one that blasts things to bits",
            "How do I destroy a boulder blocking my path?",
        ],
    ),
    "Bombarda": (
        [
            "blow a locked door open with a small explosion",
            "blast open a door",
            "set off a minor explosion",
            "break a lock with an explosive charm",
        ],
        [
            "The Exploding Charm: a modest bang that blasts things open",
            "I need to blast this door off its hinges, nothing bigger",
            "A small explosion, no fire and not big enough to bring down walls",
            "Which charm makes a little explosion at the target?",
            "An explosive charm that pops open doors and barriers",
            "Explode that lock!",
        ],
    ),
    "Bombarda Maxima": (
        [
            "blow a whole wall apart",
            "blast a huge hole through a stone wall",
            "cause a massive explosion",
            "break down a barricaded wall",
        ],
        [
            "The strongest form of the Exploding Charm, far bigger than the ordinary one",
            "Umbridge used it to blast through the wall of the Room of Requirement in the film",
            "I need an explosion big enough to knock down an entire wall",
            "a maximum-strength explosive charm",
            "How do I make a really enormous explosion?",
            "A blast powerful enough to flatten walls, not just pop a door open",
        ],
    ),
    "Confringo": (
        [
            "make something explode into flames",
            "blow up a target in a fiery blast",
            "set off a burning explosion",
            "destroy something with a blast of fire and heat",
        ],
        [
            "The Blasting Curse, which makes its target erupt in fire",
            "The curse Harry used to blow up the falling sidecar of Hagrid's motorbike",
            "Which curse explodes things in a ball of fire?",
            "an explosion with flames, not just a bang",
            "Burst the target apart and set it alight at once",
            "Hermione fired it in Bathilda's house and it bounced round the room",
        ],
    ),
    "Expulso": (
        [
            "blow an object apart with sheer force",
            "make something burst outward violently",
            "cause a pressure explosion that sends debris flying",
            "hurl things apart with an explosive jolt",
        ],
        [
            "A curse that makes its target explode from pressure, with no flames involved",
            "The Expulso Curse: a forceful burst that flings pieces everywhere",
            "I want that table blown to bits by a blast wave, not set on fire",
            "Which curse blasts objects apart with raw force?",
            "Explode the target using pressure rather than heat",
        ],
    ),
    "Deprimo": (
        [
            "blast a hole in the floor",
            "force the floor to give way beneath us",
            "push something down with enormous pressure",
            "break through the floor to escape",
        ],
        [
            "Hermione's spell to blow a hole through the Lovegoods' floor so they could escape",
            "a downward-blasting spell that cracks floors",
            "Death Eaters are in the house; get us through the floor",
            "How do I make the floor collapse under us?",
            "Heavy downward force that smashes through the ground",
        ],
    ),
    "Descendo": (
        [
            "make something move downward",
            "bring a ladder down from the ceiling",
            "lower an object",
            "make a wall of junk topple down",
        ],
        [
            "Ron used it to bring the attic ladder down at the Burrow",
            "Crabbe used it to bring down a wall of junk in the Room of Requirement",
            "a spell that makes its target descend",
            "How do I get that ladder down?",
            "Make it sink down",
            "lowering charm",
        ],
    ),
    "Defodio": (
        [
            "dig through rock",
            "gouge out stone",
            "carve a tunnel",
            "widen a passage by chiselling the walls",
        ],
        [
            "The Gouging Spell",
            "Harry, Ron and Hermione used it to widen the tunnels under Gringotts while escaping on the dragon",
            "a spell that excavates earth and stone",
            "How do I dig through this cave wall?",
            "Carve out the rock around us",
        ],
    ),
    "Diffindo": (
        [
            "cut something apart",
            "split a bag along the seam",
            "sever a rope",
            "tear fabric cleanly",
            "slice through a piece of string",
        ],
        [
            "The Severing Charm",
            "Harry split Cedric's bag open so he could talk to him alone",
            "a spell that rips or cuts objects neatly",
            "How do I cut this rope without a knife?",
            "Snip! Cuts whatever you aim at",
            "A charm for cutting things, not for hurting people",
        ],
    ),
    "Duro": (
        [
            "turn an object to stone",
            "harden something into solid stone",
            "change a hanging tapestry into a slab of rock",
            "make a soft thing as hard as granite",
        ],
        [
            "The Hardening Charm",
            "Hermione turned a tapestry to stone so two Death Eaters ran straight into it",
            "a spell that changes objects into stone",
            "How do I make this curtain solid stone?",
            "makes things rock hard",
        ],
    ),
    "Engorgio": (
        [
            "make something bigger",
            "enlarge an object",
            "swell a spider to giant size",
            "increase the size of a creature",
            "make a pumpkin grow enormous",
        ],
        [
            "The Engorgement Charm",
            "Moody enlarged a spider in class so everyone could see it",
            "a charm that makes the target grow larger",
            "How do I make this little thing huge?",
            "Super-size it!",
            "The opposite of the Shrinking Charm",
        ],
    ),
    "Reducio": (
        [
            "shrink something",
            "make an enlarged object go back to normal size",
            "reduce the size of an object",
            "make a creature smaller",
        ],
        [
            "The Shrinking Charm",
            "Counter to the Engorgement Charm",
            "The spider got too big; make it small again",
            "Which charm shrinks things - not the one that blows them to bits?",
            "makes things smaller",
            "How do I undo an enlargement?",
        ],
    ),
    "Geminio": (
        [
            "duplicate an object",
            "make a copy of something",
            "create an exact replica of a locket",
            "make twins of an item",
        ],
        [
            "The Doubling Charm",
            "Hermione copied a locket so nobody would notice the real one was gone",
            "a charm that creates a duplicate",
            "How do I make a copy of this?",
            "Duplicate it!",
        ],
    ),
    "Glisseo": (
        [
            "turn a staircase into a slide",
            "flatten stairs into a ramp",
            "make steps into a chute",
        ],
        [
            "Hermione turned stairs into a slide to escape the Death Eaters during the battle",
            "a charm that flattens steps into a smooth slope",
            "How do I make these stairs into a slide?",
            "We need to get down these stairs fast and escape the people chasing us",
            "staircase-to-slide spell",
        ],
    ),
    "Vera Verto": (
        [
            "turn an animal into a water goblet",
            "transfigure a bird into a drinking glass",
            "change a creature into a goblet",
        ],
        [
            "McGonagall's demonstration spell in the second film, changing an animal into a goblet",
            "a Transfiguration spell that makes a goblet out of a pet",
            "How do I turn my rat into a cup?",
            "animal-to-goblet spell",
        ],
    ),
    "Spongify": (
        [
            "make a surface soft and bouncy",
            "soften a hard floor",
            "make the ground rubbery so I can bounce",
        ],
        [
            "The Softening Charm",
            "a charm that makes objects springy like a trampoline",
            "How do I make this hard floor bouncy?",
            "Make it soft as a sponge",
        ],
    ),
    "Piertotum Locomotor": (
        [
            "bring statues to life",
            "animate suits of armour",
            "make stone statues march into battle",
            "wake the castle's statues to defend it",
        ],
        [
            "McGonagall's spell to send the Hogwarts statues and armour to fight",
            "a charm that animates statues and makes them move",
            "How do I get the statues to defend the school?",
            "Make the knights in armour march",
            "Statue-animating spell",
        ],
    ),
    "Avis": (
        [
            "conjure a flock of birds",
            "make small birds burst out of a wand",
            "produce twittering birds from thin air",
            "create a cloud of little birds",
        ],
        [
            "The Bird-Conjuring Charm",
            "Ollivander tested Krum's wand by making birds fly out of it",
            "a charm that fills the air with birds, with a bang like a gunshot",
            "I want birds flapping around the room right now",
            "How do I make a flock of birds appear?",
            "Creates birds out of nothing (it doesn't make them attack)",
        ],
    ),
    "Orchideous": (
        [
            "make flowers appear",
            "conjure a bunch of flowers",
            "produce a bouquet out of a wand",
            "make blossoms burst from the wand tip",
        ],
        [
            "Ollivander made a bunch of flowers sprout from a wand while checking it for the Triwizard Tournament",
            "a charm that conjures a bouquet",
            "I forgot to buy flowers for my date",
            "How do I make a bouquet out of nothing?",
            "flowers, not birds",
            "Flower-conjuring charm",
        ],
    ),
    "Herbivicus": (
        [
            "make plants grow quickly",
            "make a plant bloom instantly",
            "speed up the growth of a plant",
        ],
        [
            "The Herbivicus Charm from the games, which makes plants flourish",
            "a charm that makes seeds sprout and flowers open in seconds",
            "How do I get my seedlings to grow faster?",
            "plant-growth charm",
        ],
    ),
}

HEALING_AND_HOUSEHOLD: dict[str, Spell] = {
    "Episkey": (
        [
            "heal a broken nose",
            "fix a minor injury",
            "mend a split lip",
            "heal small cuts and bruises",
        ],
        [
            "A healing spell for small injuries",
            "Tonks fixed Harry's broken nose on the Hogwarts Express with it",
            "My nose is bleeding and crooked after somebody stamped on it",
            "How do I heal a small wound quickly?",
            "A quick healing charm that makes the hurt spot go hot, then cold",
            "Fixes minor breaks, not deep curse wounds",
        ],
    ),
    "Ferula": (
        [
            "conjure bandages",
            "splint a broken leg",
            "wrap a wound with magical bandages",
            "bind up an injured limb",
        ],
        [
            "Lupin used it to strap up Ron's broken leg in the Shrieking Shack",
            "a spell that makes a splint and bandages appear around a limb",
            "first aid: bandage and splint",
            "How do I bandage an injury when there's no first-aid kit?",
            "I think my ankle's broken and I need it supported until we reach the hospital wing",
            "Conjure a splint",
        ],
    ),
    "Brackium Emendo": (
        [
            "mend broken arm bones",
            "heal a fractured arm",
            "set broken bones",
        ],
        [
            "Lockhart's bone-mending attempt that removed all the bones from Harry's arm instead",
            "a charm meant to fix broken bones, if the caster knows what he's doing",
            "My arm snapped when the Bludger hit me",
            "How does a wizard heal a broken arm?",
            "The bone-healing charm Lockhart bungled",
        ],
    ),
    "Vulnera Sanentur": (
        [
            "heal deep cuts from a curse",
            "close wounds made by the slashing curse",
            "stop heavy bleeding and knit gashes back together",
            "mend wounds caused by Sectumsempra",
        ],
        [
            "The song-like healing incantation Snape used on Malfoy after the bathroom duel",
            "a counter-curse to Sectumsempra",
            "He's covered in deep gashes and bleeding badly",
            "How do you heal injuries from a dark slashing curse?",
            "Wound-sealing counter-spell",
        ],
    ),
    "Anapneo": (
        [
            "clear someone's blocked airway",
            "help a choking person breathe again",
            "unblock a windpipe",
            "stop someone choking on their food",
        ],
        [
            "A healing spell that clears the throat of whatever is lodged in it",
            "My friend swallowed a sweet the wrong way and can't breathe",
            "Slughorn's charm for a student choking on his dinner",
            "What do you cast on somebody who is turning purple and gasping?",
            "Frees the air passages so breathing can start again",
            "First aid for choking",
        ],
    ),
    "Oculus Reparo": (
        [
            "fix broken glasses",
            "mend cracked spectacles",
            "repair a pair of specs",
            "make a smashed lens whole again",
        ],
        [
            "Hermione fixed Harry's taped-up glasses on the train in the first film",
            "a charm for repairing eyeglasses specifically",
            "I sat on my specs and the lens split",
            "How do I mend my glasses?",
            "Glasses-mending charm",
        ],
    ),
    "Reparo": (
        [
            "repair a broken object",
            "mend a smashed window",
            "fix a shattered vase",
            "put a broken cup back together",
            "make torn things whole again",
        ],
        [
            "The Mending Charm",
            "a charm that mends broken things",
            "I dropped the teapot and it's in pieces",
            "How do I fix this?",
            "Repair it!",
            "All the pieces fly back together and it's as good as new",
        ],
    ),
    "Scourgify": (
        [
            "clean something",
            "scrub a cauldron clean",
            "get rid of dirt and grime",
            "clean out a dirty owl cage",
        ],
        [
            "The Scouring Charm",
            "Tonks tried it on Hedwig's cage, which stayed a bit grubby",
            "a cleaning charm for scouring filth away",
            "The bathroom is filthy",
            "How do I clean this mess?",
            "Housekeeping spell for dirt",
        ],
    ),
    "Tergeo": (
        [
            "siphon away liquid",
            "wipe blood off someone's face",
            "clean dust off a photograph",
            "mop up a spill",
        ],
        [
            "The Siphoning Spell",
            "a spell to siphon dried blood off a face",
            "I spilled ink all over my essay",
            "How do I soak up this spilled water?",
            "Suck the dirt and liquid off it",
        ],
    ),
    "Evanesco": (
        [
            "make an object vanish",
            "get rid of something completely",
            "make a potion disappear from a cauldron",
            "clear a table of debris by vanishing it",
        ],
        [
            "The Vanishing Spell",
            "Snape vanished Harry's potion and gave him zero marks",
            "a spell that sends objects into non-being",
            "How do I make this slug disappear?",
            "Vanish it!",
            "Makes things disappear, not people's memories",
        ],
    ),
    "Vipera Evanesca": (
        [
            "vanish a snake",
            "make a conjured serpent disappear",
            "get rid of a snake in a puff of smoke",
            "burn away a snake",
        ],
        [
            "Snape's spell to get rid of Malfoy's snake in the second film",
            "a spell specifically for vanishing snakes",
            "There's a snake rearing up in the middle of the Duelling Club",
            "How do I make this snake vanish?",
            "snake-vanishing spell",
        ],
    ),
    "Pack": (
        [
            "pack a trunk",
            "make clothes fold into a suitcase",
            "pack my bags",
            "send belongings flying into a trunk",
        ],
        [
            "Tonks used it to pack Harry's trunk",
            "a charm that packs things away",
            "How do I pack quickly?",
            "I'm late for the train and my stuff is all over the floor",
            "packing spell",
        ],
    ),
    "Erecto": (
        [
            "put up a tent",
            "raise a structure upright",
            "make a tent set itself up",
            "stand something up",
        ],
        [
            "Hermione pitched the tent with it",
            "a spell that erects a tent or other structure",
            "We're too tired to set up camp by hand",
            "How do I make the tent pitch itself?",
            "put it upright",
        ],
    ),
    "Portus": (
        [
            "make a Portkey",
            "turn an object into a Portkey",
            "enchant an object to transport people",
        ],
        [
            "Dumbledore turned an old kettle into a Portkey with it",
            "a charm that creates a Portkey",
            "How do I make a Portkey?",
            "an incantation that makes an object carry people away",
        ],
    ),
    "Sonorus": (
        [
            "make my voice louder",
            "amplify a voice",
            "make someone loud enough for a stadium",
            "boom my voice over a crowd",
        ],
        [
            "The Amplifying Charm",
            "Ludo Bagman used it to commentate at the Quidditch World Cup",
            "a charm that makes your voice carry for miles",
            "How do I speak so the whole crowd hears?",
            "Magical megaphone",
        ],
    ),
    "Quietus": (
        [
            "make an amplified voice normal again",
            "turn my voice back down",
            "undo a voice-amplifying charm",
            "return a booming voice to ordinary volume",
        ],
        [
            "The Quietening Charm",
            "Bagman finished commentating by bringing his voice back to normal",
            "counter-charm to Sonorus",
            "How do I stop my voice being so loud?",
            "Lower my voice after I amplified it",
        ],
    ),
    "Silencio": (
        [
            "silence someone",
            "make a creature unable to make noise",
            "take away someone's voice",
            "quiet a croaking frog",
        ],
        [
            "The Silencing Charm",
            "Hermione silenced a croaking bullfrog with it in Charms class",
            "a charm that makes the target mute",
            "That portrait won't stop screaming",
            "How do I make someone stop talking?",
            "Silence!",
        ],
    ),
    "Muffliato": (
        [
            "stop people nearby from eavesdropping",
            "fill nearby ears with a buzzing noise",
            "have a private conversation in a crowded room",
            "keep others from overhearing us",
        ],
        [
            "The Half-Blood Prince's charm for private talks",
            "a charm that makes bystanders hear only a low buzz",
            "Someone's listening in; make sure they can't hear",
            "How do I talk secretly in the common room?",
            "An anti-eavesdropping spell",
        ],
    ),
}

PROTECTION: dict[str, Spell] = {
    "Protego Totalum": (
        [
            "put a protective barrier around a whole campsite",
            "shield an entire area from attack",
            "protect a hideout with a large enchanted boundary",
            "ward the space around a tent",
        ],
        [
            "Hermione's protective enchantment over the tent during the hunt for Horcruxes",
            "a shield spread over a whole location rather than over one person",
            "We're camping in the forest and need the whole clearing protected",
            "How do I protect a whole area?",
            "area-wide shielding charm",
        ],
    ),
    "Protego Maxima": (
        [
            "cast the strongest possible shield",
            "raise a massive shield over a castle",
            "put up a powerful barrier against an army",
            "protect the school grounds with a huge shield",
        ],
        [
            "Flitwick's spell to fortify Hogwarts before the battle",
            "a maximum-strength Shield Charm used on a grand scale",
            "The whole school needs defending from Voldemort's forces",
            "How do I shield an entire castle?",
            "an extra-powerful protective charm, far beyond an ordinary shield",
        ],
    ),
    "Protego Horribilis": (
        [
            "shield a place against Dark magic",
            "guard a window against dark curses",
            "ward off Dark spells from a building",
        ],
        [
            "Flitwick muttered it at a window as Hogwarts prepared for the attack",
            "a protective charm aimed specifically at Dark magic",
            "How do I protect this castle from dark curses?",
            "a shield against the Dark Arts",
            "keep evil magic out",
        ],
    ),
    "Fianto Duri": (
        [
            "strengthen existing protective enchantments",
            "harden a shield so it lasts",
            "reinforce the castle's defences",
            "make protective spells more durable",
        ],
        [
            "One of the charms Flitwick cast to fortify Hogwarts",
            "a charm that makes protective magic tougher and longer-lasting",
            "Our shield won't hold; make it stronger",
            "How do I reinforce a barrier that's already up?",
            "fortifying spell for defences",
        ],
    ),
    "Repello Inimicum": (
        [
            "repel enemies from a boundary",
            "drive attackers away from the walls",
            "keep foes from crossing into the grounds",
            "push back anyone hostile who approaches",
        ],
        [
            "The third of Flitwick's defensive spells on the castle",
            "a charm that wards off enemies",
            "How do I keep hostile wizards from getting in?",
            "Enemy-repelling charm",
            "Keep the Death Eaters out of the castle grounds",
        ],
    ),
    "Cave Inimicum": (
        [
            "warn of approaching enemies",
            "hide a camp from enemies",
            "set up an alarm against intruders",
            "keep foes from noticing our tent",
        ],
        [
            "One of the enchantments Hermione cast around the tent; its name means roughly 'beware the enemy'",
            "a charm that watches for hostile people near a camp",
            "I want to know if anyone dangerous comes near our hideout",
            "How do I conceal our camp from enemies?",
            "an enemy-detecting ward",
        ],
    ),
    "Salvio Hexia": (
        [
            "protect an area from hexes",
            "ward a campsite against jinxes",
            "make incoming hexes deflect off a boundary",
            "guard a camp against curses",
        ],
        [
            "Another of Hermione's defensive enchantments around the tent",
            "a protective charm that deflects hexes aimed at a place",
            "How do I keep hexes from hitting our campsite?",
            "hex-deflecting ward",
            "Protect our tent so spells bounce off",
        ],
    ),
    "Repello Muggletum": (
        [
            "keep Muggles away",
            "make non-magical people suddenly remember errands and leave",
            "stop Muggles wandering into the area",
            "repel non-wizards from a place",
        ],
        [
            "The Muggle-Repelling Charm",
            "a charm that gives Muggles an urge to go somewhere else",
            "We're camping near a village and don't want any hikers stumbling in",
            "How do I keep non-magic folk from finding us?",
            "Muggle deterrent spell",
        ],
    ),
    "Expecto Patronum": (
        [
            "drive away Dementors",
            "conjure a Patronus",
            "protect against Dementors",
            "send out a silver animal guardian",
            "send a message with a silver animal",
        ],
        [
            "The Patronus Charm",
            "You have to think of your happiest memory for this one",
            "Dementors are closing in and it's freezing cold",
            "How do I fight off a Dementor?",
            "a silvery guardian, like a stag or an otter",
            "Lupin taught Harry this in his third year",
        ],
    ),
    "Riddikulus": (
        [
            "defeat a boggart",
            "turn a boggart into something funny",
            "make a boggart look ridiculous",
            "banish a shape-shifter with laughter",
        ],
        [
            "The Boggart-Banishing Spell",
            "Neville made the Snape boggart wear his grandmother's clothes with it",
            "a charm that works best when you laugh",
            "There's a boggart in the wardrobe",
            "How do I get rid of a boggart?",
            "Force your worst fear to take a comical form",
        ],
    ),
}

MOVEMENT: dict[str, Spell] = {
    "Wingardium Leviosa": (
        [
            "levitate an object",
            "make a feather float",
            "lift something into the air",
            "make a troll's club hover",
            "float an item upward",
        ],
        [
            "The Levitation Charm",
            "Ron knocked out a troll by making its club rise and drop on its head",
            "a charm that makes objects fly up",
            "How do I make a feather rise?",
            "swish and flick to make something hover",
            "Make that pencil float above the desk",
        ],
    ),
    "Mobiliarbus": (
        [
            "move a tree",
            "shift a Christmas tree through the air",
            "float a tree",
        ],
        [
            "Hermione moved a Christmas tree in the Three Broomsticks with it",
            "a charm for moving trees",
            "How do I move a tree?",
            "a spell that moves trees",
        ],
    ),
    "Mobilicorpus": (
        [
            "move an unconscious body",
            "make a limp person float",
            "carry someone who is knocked out",
            "transport an unconscious person",
        ],
        [
            "Used in the Shrieking Shack to float the unconscious Snape out",
            "a charm that moves bodies",
            "How do I move someone who's out cold?",
            "Move him without lifting him",
        ],
    ),
    "Locomotor Trunk": (
        [
            "make a trunk float along behind me",
            "move a heavy trunk through the air",
            "carry a trunk without lifting it",
        ],
        [
            "Tonks floated Harry's luggage out of the house with it",
            "a charm that moves a trunk",
            "My trunk is heavy and we need to get it downstairs",
            "How do I move my trunk?",
        ],
    ),
    "Ascendio": (
        [
            "launch myself upward",
            "shoot up out of the water",
            "propel myself high into the air",
        ],
        [
            "Harry shot himself out of the lake with it in the fourth film",
            "a spell that throws the caster upward",
            "How do I get out of this deep water fast?",
            "Launch me up to that ledge",
        ],
    ),
    "Arresto Momentum": (
        [
            "slow someone's fall",
            "slow down a falling person",
            "halt an object in motion",
            "slow an object's movement",
        ],
        [
            "a charm that slows things down or stops them in motion",
            "He's falling off his broom from a great height!",
            "How do I stop something that is hurtling toward the ground?",
            "Make the falling body drift down gently",
        ],
    ),
    "Alarte Ascendare": (
        [
            "shoot something high into the air",
            "launch an object upwards",
            "throw a snake up into the air",
        ],
        [
            "Lockhart's spell in the second film that sent Malfoy's snake flying up and back down",
            "a spell that flings its target skyward",
            "How do I make something fly straight up?",
        ],
    ),
    "Peskipiksi Pesternomi": (
        [
            "round up escaped Cornish pixies",
            "try to subdue a classroom of pixies",
            "get pixies back in their cage (it doesn't work)",
        ],
        [
            "Lockhart's useless spell when the pixies ran riot in his classroom",
            "a spell that was supposed to control pixies but did nothing at all",
            "The Cornish pixies are wrecking the classroom",
            "How did Lockhart try to stop the pixies?",
            "a pixie-taming incantation with no effect at all",
        ],
    ),
}

MAPS_AND_RINGS: dict[str, Spell] = {
    "I solemnly swear that I am up to no good": (
        [
            "activate the Marauder's Map",
            "make the Marauder's Map show itself",
            "reveal the map of Hogwarts hidden on a blank parchment",
            "open up the Marauders' secret map",
        ],
        [
            "The phrase that makes ink spread across the Marauder's Map",
            "Fred and George showed Harry how to wake up a blank old parchment with this",
            "What do you tell the blank map with your wand on it to make it work?",
            "Turn on the map that shows everyone's footsteps around the castle",
            "I've got an empty bit of parchment from the Weasley twins; how do I use it?",
            "the password to reveal the Marauder's Map",
        ],
    ),
    "Mischief managed": (
        [
            "wipe the Marauder's Map blank again",
            "hide the Marauder's Map",
            "make the map go back to plain parchment",
            "close the Marauder's Map",
        ],
        [
            "The words that clear the Marauder's Map so it looks like empty parchment",
            "Snape is coming and the map is open on my lap, hide it",
            "How do I switch the Marauder's Map off?",
            "Turn the map back into a blank sheet before a teacher reads it",
            "the phrase that ends a session with the Marauders' map",
        ],
    ),
    "Protego Diabolica": (
        [
            "conjure a ring of blue-black fire",
            "cast a circle of dark flames that burns the disloyal",
            "make a protective ring of fire that only the faithful can cross",
        ],
        [
            "Grindelwald's ring of black and blue fire at the rally in the second Fantastic Beasts film",
            "a dark protective spell where flames consume anyone who is not loyal to the caster",
            "How did Grindelwald test his followers' loyalty with fire?",
            "Fire circle that spares allies and burns enemies",
            "a shield of fire that sorts friend from foe",
        ],
    ),
}

SPELL_GROUPS: tuple[dict[str, Spell], ...] = (
    UNLOCKING_AND_FINDING,
    LIGHT_FIRE_WATER,
    DUELLING,
    HEXES_AND_CURSES,
    BLASTING_AND_SHAPING,
    HEALING_AND_HOUSEHOLD,
    PROTECTION,
    MOVEMENT,
    MAPS_AND_RINGS,
)

# Extra verb phrases for spells whose main entry is short.
EXTRA_ACTIONS: dict[str, list[str]] = {
    "Dissendium": ["slip out of the castle through a hidden statue tunnel"],
    "Deletrius": ["clear away the shadowy spell image hovering over a wand"],
    "Everte Statum": ["knock an opponent backwards head over heels in a duel"],
    "Langlock": ["stick a chatterbox's tongue to the top of their mouth"],
    "Morsmordre": ["cast a glowing green skull over the treetops"],
    "Obscuro": ["conjure a blindfold over a portrait's eyes"],
    "Glisseo": ["flatten a flight of steps so pursuers slide down"],
    "Vera Verto": ["transfigure a small animal into a glass"],
    "Spongify": ["cushion a fall by making the floor springy"],
    "Herbivicus": ["make flowers open and sprout up in seconds"],
    "Brackium Emendo": ["heal a snapped forearm"],
    "Portus": ["create a magical travel object from an old boot"],
    "Protego Horribilis": ["shield the castle from the Dark Arts"],
    "Mobiliarbus": ["move a potted tree out of the way"],
    "Locomotor Trunk": ["float my luggage down the stairs"],
    "Ascendio": ["fly straight up without a broom"],
    "Alarte Ascendare": ["toss a creature high up into the air"],
    "Peskipiksi Pesternomi": ["calm a swarm of Cornish pixies (Lockhart's attempt failed)"],
    "Protego Diabolica": ["test followers' loyalty with a ring of fire"],
}

# Longer, chattier descriptions in mixed registers, at least two per spell.
LONG_FORM: dict[str, list[str]] = {
    "Alohomora": [
        "My little brother locked himself in the bathroom and the key is on the inside - what do I cast on the door?",
        "Kindly provide the charm for opening a lock in the absence of its key.",
    ],
    "Colloportus": [
        "Footsteps in the corridor! I slammed the door but it has no lock, so I need one that seals it magically.",
        "What does a witch cast so that a door she has just shut cannot be pulled open by anyone after her?",
    ],
    "Dissendium": [
        "I'm standing by the one-eyed witch statue with my wand and want to "
        "get to the sweetshop in the village without the teachers knowing.",
        "what's the word to tap the humpbacked witch with, to get in the Honeydukes passage",
    ],
    "Accio": [
        "Dinner's ready and the salt is at the far end of the table; I'd love "
        "it to float over to me instead of asking.",
        "I'm out in the garden and left my glasses on the kitchen table; call them out to me.",
        "Which charm pulls a named object through the air into your hand, even from miles away?",
    ],
    "Depulso": [
        "A heavy chest is sliding toward me and I want to shove it away with magic rather than summon it.",
        "the pushing-away counterpart to Accio, sending a thing off rather than fetching it",
    ],
    "Point Me": [
        "We've been walking in circles in this forest for an hour; I just need my wand to show which way is north.",
        "a spell that lays the wand flat on your palm and turns it to north",
    ],
    "Homenum Revelio": [
        "The house feels empty but something creaked upstairs. Is a person hiding here or not?",
        "Before we speak freely, make sure no human being is concealed in this building.",
    ],
    "Specialis Revelio": [
        "Someone left me an anonymous gift and I want to know if it's carrying "
        "any sneaky enchantments before I open it.",
        "A revealing charm used on an object or potion to show its hidden "
        "make-up, rather than to find people or invisible ink.",
    ],
    "Aparecium": [
        "The note from my friend is blank, but she swears she wrote on it with magic ink. How do I see it?",
        "Make words written in disappearing ink show up on the parchment.",
    ],
    "Prior Incantato": [
        "The Ministry thinks my wand cast a curse. How do they check which spell the wand actually did last?",
        "Force a wand to give up the shadow of the spell it most recently performed.",
    ],
    "Deletrius": [
        "A ghostly copy of the last spell is floating over the wand we checked and I want it gone.",
        "clean away the misty spell echo left behind after a wand inspection",
    ],
    "Lumos": [
        "It's after midnight, the corridor is dark and I just need enough light on my wand tip to see the floor.",
        "The very first light spell most students learn: a soft glow at the end of the wand.",
    ],
    "Lumos Maxima": [
        "An ordinary wand light barely touches this huge dark chamber; give me a big bright ball of light instead.",
        "a supercharged light spell that fires a dazzling sphere of light",
    ],
    "Lumos Solem": [
        "The plant is wrapping round my legs and squeezing; it shrinks from "
        "sunlight, so I need a beam of sun right now.",
        "shine bright sunlight from the wand, strong enough to make plants recoil",
    ],
    "Nox": [
        "Someone's coming down the corridor and my wand is still lit up like a lantern - put it out!",
        "end the Lumos glow",
    ],
    "Incendio": [
        "The wood is damp, the tent is cold and I have no matches; set the logs burning with magic.",
        "A plain fire-starting charm, the kind you'd use on a hearth.",
    ],
    "Flagrate": [
        "All these doors look identical; I want to burn a mark on each one we have already opened.",
        "spell for writing letters of flame that stay in the air",
    ],
    "Aguamenti": [
        "The potion is boiling over and the whole bench is smoking - I need a stream of water out of my wand.",
        "conjure water, a jet or a trickle, from the tip of the wand",
    ],
    "Impervius": [
        "Quidditch in a thunderstorm: my goggles keep fogging and the rain won't stop running down them.",
        "Make my boots shed water so my feet stay dry in the puddles.",
    ],
    "Glacius": [
        "The lake has to be crossed on foot; turn a strip of the water into solid ice.",
        "shoot a freezing blast that leaves the target iced over",
    ],
    "Meteolojinx Recanto": [
        "Somebody jinxed the ceiling of my office and a little rain cloud has been pouring on my desk all morning.",
        "end enchanted weather that's been cast inside a room",
    ],
    "Expelliarmus": [
        "The Death Eater has his wand pointed at my friend; I want to make it fly out of his hand without hurting him.",
        "Which charm did Harry use again and again, because it disarms but doesn't hurt?",
    ],
    "Stupefy": [
        "An angry troll is lumbering towards us; I need it flat out unconscious on the floor.",
        "The spell for making someone pass out in a duel, with a flash of red light.",
    ],
    "Rennervate": [
        "Ron was hit by a red jet of light and he's lying on the floor unconscious. How do I bring him back round?",
        "revive a person who has been knocked out by a Stunner",
    ],
    "Petrificus Totalus": [
        "My friend is trying to stop me leaving; I need him stuck rigid like a plank, but not hurt and still awake.",
        "the curse that makes every limb lock in place so the person falls over stiff",
    ],
    "Locomotor Mortis": [
        "He keeps running off; stick his legs together so he has to hop like a rabbit.",
        "a curse that binds just the legs together, leaving the arms free",
    ],
    "Impedimenta": [
        "Something is galloping at me through the maze and I just need to slow it down long enough to get away.",
        "jinx to hamper a pursuer, leaving them briefly slowed or frozen",
    ],
    "Immobulus": [
        "The pixies have got out and are everywhere; I want them all hanging frozen in the air so we can catch them.",
        "halt moving creatures where they are without stunning them",
    ],
    "Incarcerous": [
        "We've caught the intruder and need him tied up with ropes until the Aurors arrive.",
        "spell that sends cords snaking out from the wand to wrap round a target",
    ],
    "Relashio": [
        "A grindylow has grabbed my ankle underwater and won't let go.",
        "a jinx that forces the grip of hands or claws to open",
    ],
    "Protego": [
        "She's aiming a jinx straight at me; I want a shimmering barrier in front of me to bounce it away.",
        "a defensive charm that shields one person in a duel",
    ],
    "Finite Incantatem": [
        "Everything in the room has gone haywire from the spells people cast; stop all of them at once.",
        "a counter-spell that ends whatever magic is currently in effect",
        "My jinxed quill keeps writing nonsense on its own; make the enchantment stop.",
    ],
    "Flipendo": [
        "A goblin is blocking the passage and I want to knock him backwards with a shove of magic.",
        "the games' knockback spell that pushes enemies and objects away",
    ],
    "Everte Statum": [
        "In the duelling film scene, Malfoy sent Harry spinning through the air; which spell?",
        "flip an opponent over backwards so they land hard on the floor",
    ],
    "Rictusempra": [
        "I don't want to hurt him in this duel, just make him laugh so much he can't hold his wand.",
        "the tickling spell shot as a silver jet",
    ],
    "Tarantallegra": [
        "I want Malfoy's feet jigging about so he can't stand still.",
        "make someone's legs dance a quickstep they can't stop",
    ],
    "Periculum": [
        "I'm trapped in the maze; send red sparks up so someone comes to rescue me.",
        "the red-spark distress signal spell",
    ],
    "Avada Kedavra": [
        "Which curse, with its flash of green light, kills instantly and can't be blocked?",
        "the curse of death, one of the three Unforgivables",
    ],
    "Crucio": [
        "Bellatrix used this on Neville's parents until they lost their minds.",
        "of the Unforgivables, the one for agony rather than death or obedience",
    ],
    "Imperio": [
        "Make that Ministry wizard walk where I tell him and say what I want him to say.",
        "the Unforgivable for turning someone into an obedient puppet",
    ],
    "Sectumsempra": [
        "The Prince wrote this in his potions book; it slices the target with invisible blades.",
        "curse that makes deep bleeding wounds appear on the victim",
    ],
    "Confundo": [
        "The examiner keeps checking my papers; muddle him up so he waves me through.",
        "a charm that makes the target's head go foggy so they misjudge things",
    ],
    "Obliviate": [
        "The Muggle saw me fly past on a broom; I need that memory wiped before she tells anyone.",
        "charm to make someone forget a specific event",
    ],
    "Densaugeo": [
        "I want Malfoy's front teeth to grow until they reach his chin.",
        "make someone's front teeth grow longer and longer",
    ],
    "Furnunculus": [
        "I want his face to break out in massive boils right now.",
        "jinx that brings painful boils up all over someone's skin",
    ],
    "Langlock": [
        "That poltergeist will not stop singing rude songs; stick his tongue to the roof of his mouth.",
        "jinx the tongue so it sticks and no words come out",
    ],
    "Levicorpus": [
        "I want to jerk him up into the air so he hangs upside down by one ankle.",
        "spell that leaves the victim hanging upside down by one leg",
    ],
    "Liberacorpus": [
        "I accidentally hoisted my friend up by his ankle and he's hanging there upside down - let him down!",
        "the counter to the ankle-hoisting jinx",
    ],
    "Serpensortia": [
        "I want a big snake to burst out of my wand in the middle of the duel.",
        "shoot a live snake out of the end of the wand",
    ],
    "Morsmordre": [
        "The Death Eaters want to leave their sign in the sky after they attack.",
        "spell that puts the Dark Mark in the sky",
    ],
    "Oppugno": [
        "The canaries I conjured are circling me; I want to send them pecking at him.",
        "sends conjured creatures to attack the target",
    ],
    "Obscuro": [
        "That nosy portrait keeps watching us; put a blindfold over his eyes.",
        "make a dark blindfold wrap itself over someone's eyes",
    ],
    "Waddiwasi": [
        "Peeves stuffed gum into the keyhole; I want to shoot it back at him.",
        "fire small objects through the air at a target",
    ],
    "Arania Exumai": [
        "The giant spiders are closing in and one is right on top of Ron; blast them back!",
        "spell for hurling away spiders",
    ],
    "Reducto": [
        "A huge boulder is blocking the tunnel and I want it smashed into pebbles.",
        "the curse that breaks solid obstacles into dust, not the one that shrinks them",
    ],
    "Bombarda": [
        "This door is locked tight; a small explosion should do it.",
        "the little exploding charm for blowing open doors",
    ],
    "Bombarda Maxima": [
        "The students have barricaded themselves in and I want the entire wall blown in.",
        "the biggest version of the exploding charm, for whole walls",
    ],
    "Confringo": [
        "Something is chasing us; make it blow up in a fireball!",
        "curse that makes the target burst apart in flames",
    ],
    "Expulso": [
        "Blow up that table with a force blast, no fire, and send splinters flying.",
        "the exploding curse that works by force rather than fire",
    ],
    "Deprimo": [
        "We're trapped upstairs and Death Eaters are on the stairs; blow a hole in the floor so we can drop through.",
        "a spell that blasts downward and smashes through the floor",
    ],
    "Descendo": [
        "The attic ladder is out of reach; make it come down to us.",
        "make something sink or drop down",
    ],
    "Defodio": [
        "The tunnel is too narrow for the dragon; carve chunks out of the rock walls.",
        "gouge a tunnel through the earth and stone",
    ],
    "Diffindo": [
        "My bag strap is caught in the door; cut it loose.",
        "charm that cleanly cuts whatever the wand points at",
    ],
    "Duro": [
        "The curtain is hanging in the corridor; turn it into solid stone.",
        "turn a soft thing into hard stone",
    ],
    "Engorgio": [
        "I want this pumpkin to be the biggest in the show; make it grow and grow.",
        "charm that makes the target bigger",
    ],
    "Reducio": [
        "The spider is now the size of a dog and I want it back to its normal size.",
        "charm that makes an enlarged object shrink back",
    ],
    "Geminio": [
        "I need a fake copy of this necklace to leave behind in its place.",
        "charm that creates an exact copy of an object",
    ],
    "Glisseo": [
        "We're halfway down the staircase and Death Eaters are following; turn the steps into a slide!",
        "a charm that flattens stairs into a slippery slope",
    ],
    "Vera Verto": [
        "In the film, McGonagall turned a bird into a water goblet; which spell?",
        "turn a small animal into a goblet",
    ],
    "Spongify": [
        "I'm about to fall from the balcony; make the ground below soft and springy.",
        "softening charm for surfaces",
    ],
    "Piertotum Locomotor": [
        "The castle is about to be attacked; wake up every statue and suit of armour to defend it.",
        "animate the statues and armour of a castle",
    ],
    "Avis": [
        "I want a little cloud of twittering birds to flutter out of my wand.",
        "charm that conjures a flock of birds",
    ],
    "Orchideous": [
        "It's her birthday and I forgot a present; make a bunch of flowers appear from my wand.",
        "make a bouquet of flowers burst from the wand tip",
    ],
    "Herbivicus": [
        "The garden is bare and the party is tonight; make the plants shoot up and blossom right now.",
        "a charm that speeds up the growth of plants",
    ],
    "Episkey": [
        "Somebody stamped on my face and my nose is broken; fix it quick.",
        "a charm that heals small injuries like cuts and broken noses",
    ],
    "Ferula": [
        "Ron's leg is broken and we need to get him back to the castle; bind it with bandages and a splint.",
        "conjure a splint and bandages around an injured limb",
    ],
    "Brackium Emendo": [
        "A Bludger broke my arm; Lockhart said he'd fix it with a spell.",
        "the spell meant to mend broken bones",
    ],
    "Vulnera Sanentur": [
        "Someone hit my friend with a slashing curse and he's bleeding on the bathroom floor.",
        "a healing incantation that closes deep cuts",
    ],
    "Anapneo": [
        "Belby is choking on his dinner at the Slug Club supper - help him breathe!",
        "a spell that clears someone's airway",
    ],
    "Oculus Reparo": [
        "My glasses are broken and taped together; mend them.",
        "repair glasses",
    ],
    "Reparo": [
        "I knocked a vase off the table and it shattered; put it back together.",
        "charm to mend a broken object",
    ],
    "Scourgify": [
        "My cauldron is caked in burnt potion and I want it scrubbed clean.",
        "cleaning charm that scours away dirt",
    ],
    "Tergeo": [
        "There's dried blood on his face; siphon it off.",
        "a spell that wipes away liquid or grime by siphoning it into the wand",
    ],
    "Evanesco": [
        "My potion has gone wrong and I want the whole cauldron-load to vanish.",
        "make something disappear completely",
    ],
    "Vipera Evanesca": [
        "There's a snake in the middle of the Duelling Club; make it vanish.",
        "a spell that makes a snake disappear in smoke",
    ],
    "Pack": [
        "I'm late for the train and need everything in my trunk now.",
        "charm that packs belongings into a trunk",
    ],
    "Erecto": [
        "It's dark and raining and we need the tent up now.",
        "spell that raises a tent",
    ],
    "Portus": [
        "We need to get the children back to Hogwarts quickly; turn this old kettle into a Portkey.",
        "make an ordinary object into a Portkey",
    ],
    "Sonorus": [
        "I'm commentating a Quidditch match and nobody can hear me.",
        "amplify a voice so a whole stadium hears it",
    ],
    "Quietus": [
        "The match is over and my voice is still booming across the stands; turn it back down.",
        "undo the voice-amplifying charm",
    ],
    "Silencio": [
        "The raven in Charms class won't stop croaking; make it silent.",
        "charm that makes the target mute",
    ],
    "Muffliato": [
        "We're in the library and I want to talk about the plan without Madam Pince or anyone else hearing.",
        "a charm that fills nearby ears with a buzz so they can't listen in",
    ],
    "Protego Totalum": [
        "We're setting up camp in the woods and need a shield over the whole clearing, not just me.",
        "a protective charm for a whole area",
    ],
    "Protego Maxima": [
        "An army is marching on the school; cast the strongest shield possible over the castle.",
        "the maximum-strength shield charm",
    ],
    "Protego Horribilis": [
        "The Dark Lord is coming; guard the windows against dark curses.",
        "a shield charm against Dark magic",
    ],
    "Fianto Duri": [
        "The shield over the castle is already up but needs to last the night; make it stronger.",
        "a charm that reinforces existing protections",
    ],
    "Repello Inimicum": [
        "Death Eaters are approaching the castle gates; drive them back.",
        "a charm that repels enemies from a boundary",
    ],
    "Cave Inimicum": [
        "We're camping in the woods and need to know if enemies come near our tent.",
        "an enchantment that guards a camp against foes",
    ],
    "Salvio Hexia": [
        "We're camping and I want hexes aimed at our tent to bounce off.",
        "a protective enchantment against hexes",
    ],
    "Repello Muggletum": [
        "We're hiding near a Muggle village and I want them to remember somewhere else they need to be.",
        "charm that keeps Muggles away from a place",
    ],
    "Expecto Patronum": [
        "A Dementor is gliding across the lake toward us and everything's going cold; I need a silver guardian now.",
        "charm that conjures a Patronus",
        "I want to send a message to the Order with a silver animal.",
    ],
    "Riddikulus": [
        "A boggart just came out of the wardrobe and turned into my worst fear; make it look silly.",
        "charm that defeats a boggart",
    ],
    "Wingardium Leviosa": [
        "A troll is about to smash Hermione; make its club fly up and drop on its head.",
        "charm that makes objects float",
    ],
    "Mobiliarbus": [
        "This Christmas tree is blocking the table; float it out of the way.",
        "a charm that moves a tree",
    ],
    "Mobilicorpus": [
        "Snape is unconscious in the Shrieking Shack and we need to get him out.",
        "charm that makes an unconscious body float along",
    ],
    "Locomotor Trunk": [
        "My trunk is too heavy to carry down the stairs; make it float after me.",
        "charm that moves a trunk through the air",
    ],
    "Ascendio": [
        "I'm at the bottom of the lake and need to shoot up to the surface fast.",
        "a spell that propels the caster upward",
    ],
    "Arresto Momentum": [
        "Harry is falling from his broom; slow his fall before he hits the ground.",
        "a charm that slows the movement of a falling object",
    ],
    "Alarte Ascendare": [
        "There's a snake on the floor of the duelling stage; fling it high into the air.",
        "a spell that launches its target upward",
    ],
    "Peskipiksi Pesternomi": [
        "The Cornish pixies are loose in the classroom; what did Lockhart shout at them?",
        "Lockhart's pixie spell",
    ],
    "I solemnly swear that I am up to no good": [
        "I've got the Marauder's Map; how do I get it to show everyone in the castle?",
        "phrase that activates the Marauder's Map",
    ],
    "Mischief managed": [
        "Filch is coming; hide the Marauder's Map.",
        "phrase that clears the Marauder's Map",
    ],
    "Protego Diabolica": [
        "Grindelwald's blue flame circle: only those loyal to him can cross.",
        "dark protective fire spell",
    ],
}


def all_spells() -> dict[str, Spell]:
    """Merge the themed groups, refusing an incantation listed twice."""
    merged: dict[str, Spell] = {}
    for group in SPELL_GROUPS:
        for incantation, spell in group.items():
            if incantation in merged:
                raise ValueError(f"incantation listed twice: {incantation}")
            merged[incantation] = spell
    return merged


def _key(text: str) -> str:
    """Comparison key that ignores case, punctuation and articles."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    return " ".join(w for w in words if w not in ("a", "an", "the"))


def _fits(frame: str, action: str) -> bool:
    return frame not in THIRD_PERSON_FRAMES or not FIRST_PERSON.search(action)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def action_prompts(actions: list[str], rng: random.Random) -> list[str]:
    """Each action bare as an imperative, plus a few framed requests around it."""
    prompts: list[str] = []
    for action in actions:
        ending = rng.choice(("", ".", "!"))
        prompts.append(_capitalise(action) + ending)
        fitting = [f for f in FRAMES if _fits(f, action)]
        for frame in rng.sample(fitting, FRAMES_PER_ACTION):
            prompts.append(frame.format(a=action, A=_capitalise(action)))
    return prompts


def spell_prompts(incantation: str, spell: Spell, rng: random.Random) -> list[str]:
    """Every effect description written or framed for one incantation."""
    actions = [*spell[0], *EXTRA_ACTIONS.get(incantation, [])]
    descriptions = [*spell[1], *LONG_FORM.get(incantation, [])]
    return [*descriptions, *action_prompts(actions, rng)]


def build_rows(seed: int = 0) -> list[Row]:
    """All (prompt, incantation) rows.

    Near-identical wordings within a spell are dropped; across two spells they are
    an error, since the model could not tell the spells apart from them.
    """
    spells = all_spells()
    unknown = (EXTRA_ACTIONS.keys() | LONG_FORM.keys()) - spells.keys()
    if unknown:
        raise ValueError(f"extra text for unknown incantations: {sorted(unknown)}")
    rng = random.Random(seed)
    owner: dict[str, str] = {}
    rows: list[Row] = []
    for incantation, spell in spells.items():
        for text in spell_prompts(incantation, spell, rng):
            key = _key(text)
            if key in owner:
                if owner[key] != incantation:
                    raise ValueError(f"{text!r} fits {owner[key]} and {incantation}")
                continue
            owner[key] = incantation
            rows.append((PREFIX + text.strip(), incantation))
    return rows


def main() -> None:
    rows = build_rows(seed=0)
    train, val = common.split_rows(
        rows,
        group_of=lambda row: row[1],
        val_per_group=lambda n: 1 if n >= 4 else 0,
        seed=0,
    )
    common.write_task("spell", train, val)


if __name__ == "__main__":
    main()
