"""Tests of provenance.drift, one module per part."""

from hypothesis import strategies as st

#: Short texts of cue words, names, numbers and odd characters, for the property tests.
word_texts = st.lists(
    st.sampled_from(["may", "cause", "causes", "Coffee", "cancer.", "not", "20%", "the", "UCL"])
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
    max_size=12,
).map(" ".join)
