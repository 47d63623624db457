"""The similarity thresholds of chapter identity, each backed by tests of pairs that must and
must not match. Fuzzy scores are rapidfuzz scores (0-100)."""

# Two titles in one manual scoring at least this (`title_similarity`) and that
# never appear in the same release are taken for one chapter whose title was edited.
SAME_MANUAL_TITLE_THRESHOLD = 92.0
# A title named in a rename phrase ("previously called X") resolves to a title of the manual
# scoring at least this (`title_similarity`); otherwise X is kept as an alias only.
STATED_NAME_THRESHOLD = 85.0
# "replaces the previous chapter" without a name: the most similar title last seen before
# that release (and never after) is linked when it scores at least this (token_set_ratio)
# and beats the runner-up by the margin.
UNNAMED_PREDECESSOR_THRESHOLD = 70.0
UNNAMED_PREDECESSOR_MARGIN = 5.0
# ... unless the candidates within the margin all score at least this: then the one seen
# last is taken.
UNNAMED_PREDECESSOR_TIE_BREAK = 90.0
# A chapter in a release's Removed list and a new chapter of the same release are one
# chapter when their titles score at least this (`title_similarity`).
REMOVED_BESIDE_NEW_THRESHOLD = 75.0
# Two councils' chapters with different titles are matched when their titles score at least
# this (see `title_similarity`).
CROSS_COUNCIL_TITLE_THRESHOLD = 86.0
# Titles where each has a word the other lacks ("Placements in Foster Care", "Placements in
# Residential Care") score at most this: below every title threshold.
SUBSTITUTED_WORD_CAP = 70.0
# Two entries' details are near-identical (a twin: same national update, or the source of a
# lost title) when they score at least this (see `details_score`).
TWIN_DETAILS_THRESHOLD = 88.0
# A details text needs this many informative words (not boilerplate such as "This chapter
# has been updated") before it can serve as a twin.
TWIN_MIN_INFORMATIVE_WORDS = 4
# A chapter is suggested for a lost title when the details say what they are about and name
# at least this share of a known title's subject words (rare words weigh more) ...
SUGGESTION_MIN_COVERAGE = 0.5
# ... and the next best title covers less by at least this margin.
SUGGESTION_MARGIN = 0.15
# Where the details do not say what the chapter is about, every word of the title must be
# named, and the confidence is scaled down by this factor.
SUGGESTION_UNSTATED_SUBJECT = 0.75
