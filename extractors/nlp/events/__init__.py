"""Event frames from the dependency parse: who did what, where, when, how many.

The ``eventetl_events`` component (:mod:`.component`) reads the parse, the entities, and the
spans written by ``eventetl_places``, ``eventetl_dates``, ``eventetl_quantities`` and
``eventetl_quotes``, and writes ``doc._.events``: a tuple of :class:`EventFrame`. One module
per concern:

* :mod:`.clauses` -- which clauses are events: a verb with its own subject (active or
  passive), a verb coordinated with one, or a participle modifying a noun of people ("people
  fleeing"); in a headline, also a verb the tagger read as a plural noun ("Lady Gaga protests
  outside Trump Tower"). Reporting verbs (say, tell, ...) are not events: their reported clause
  is; but a performative one with a noun object does what it names ("declared a ceasefire").
  Captions, states and newswire furniture are skipped, and so are framing clauses ("The proposal
  came during talks"), the present-tense content of a statement that is itself the event, an
  alternative to a future event, a false start said again, and a hypothetical whose subject is
  an event ("The loss of Aleppo would mark ..."); a past tense the parser read as a participle is
  the event (issue 20).
* :mod:`.attribution` -- the reporting verb's speaker (or "according to") as ``attribution``;
  governing verbs ("continue to drive", "refused to leave") give one event whose trigger is the
  verb they govern, with a modality, unless they are speech acts ("threatened to attack" is a
  threat); an adjective after a copula governs the same way ("is willing to withdraw": future);
  the modality from auxiliaries and negations ("future" is an announced intention, a
  commentator's or an expected future is "hypothetical"); the action.
* :mod:`.actors` -- the subject phrase (the by-agent of a passive); relative pronouns take their
  antecedent, personal pronouns the speaker of the reporting verb or the nearest compatible
  actor of the same paragraph; the actor's type.
* :mod:`.places` -- a place of the clause (a venue with the city that locates it), else the
  story's place; places that describe a person ("a man from Beckenham"), datelines and titles
  ("President of the United States") are not event places.
* :mod:`.context` -- what crosses sentences (paragraph, actors so far, cities so far);
  :mod:`.lexicon` -- the word lists, loaded from ``extractors/lexicon/events_*``;
  :mod:`.syntax` -- parse helpers; :mod:`.frame` -- the frame record.
"""

from __future__ import annotations

from extractors.nlp.events.actors import actor_type, noun_phrase
from extractors.nlp.events.attribution import action_of, modality_of
from extractors.nlp.events.clauses import BOILERPLATE, is_description_sentence, non_event_reason
from extractors.nlp.events.component import EventExtractor, make_event_extractor
from extractors.nlp.events.frame import EventFrame, EventQuantity, event_quantity, frames_in
from extractors.nlp.events.lexicon import EVENT_LEXICON_FILES, EventLexicon, load_event_lexicon

__all__ = [
    "BOILERPLATE",
    "EVENT_LEXICON_FILES",
    "EventExtractor",
    "EventFrame",
    "EventLexicon",
    "EventQuantity",
    "action_of",
    "actor_type",
    "event_quantity",
    "frames_in",
    "is_description_sentence",
    "load_event_lexicon",
    "make_event_extractor",
    "modality_of",
    "non_event_reason",
    "noun_phrase",
]
