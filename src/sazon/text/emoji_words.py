"""The emoji that matter in food reviews, as words that carry their sentiment.

Authored by us, not derived from a lexicon: each emoji maps to one plain Spanish and one plain
English word that a sentiment lexicon or a bag-of-words model already understands ("😋" is
"delicioso", "🐢" is "lento"). Emoji that are not here are kept as they are: the tokeniser
drops them, and nothing invents a meaning for them.
"""

from __future__ import annotations

from types import MappingProxyType

# Keys are the base emoji: no variation selector (U+FE0F) and no skin tone.
_WORDS: dict[str, tuple[str, str]] = {
    # praise
    "😋": ("delicioso", "delicious"),
    "🤤": ("provocativo", "mouthwatering"),
    "🔥": ("increíble", "amazing"),
    "👌": ("perfecto", "perfect"),
    "👍": ("bueno", "good"),
    "❤": ("encanta", "love"),
    "😍": ("encantador", "lovely"),
    "🥰": ("adorable", "lovely"),
    "😊": ("contento", "happy"),
    "🙂": ("bien", "fine"),
    "😀": ("feliz", "happy"),
    "😃": ("feliz", "happy"),
    "😄": ("feliz", "happy"),
    "😁": ("feliz", "happy"),
    "🤩": ("espectacular", "amazing"),
    "😎": ("chévere", "cool"),
    "👏": ("aplausos", "applause"),
    "🙌": ("genial", "great"),
    "💯": ("impecable", "flawless"),
    "⭐": ("estrella", "star"),
    "🌟": ("estrella", "star"),
    "🏆": ("campeón", "champion"),
    "🥇": ("mejor", "best"),
    "✨": ("brillante", "brilliant"),
    "✅": ("bien", "good"),
    "✔": ("bien", "good"),
    "😂": ("jaja", "haha"),
    "🤣": ("jaja", "haha"),
    # complaints
    "👎": ("malo", "bad"),
    "😡": ("furioso", "furious"),
    "😠": ("enojado", "angry"),
    "🤬": ("furioso", "furious"),
    "🤮": ("asqueroso", "disgusting"),
    "🤢": ("asco", "gross"),
    "💩": ("pésimo", "awful"),
    "💔": ("decepcionante", "disappointing"),
    "😢": ("triste", "sad"),
    "😭": ("triste", "sad"),
    "😞": ("decepcionado", "disappointed"),
    "😔": ("decepcionado", "disappointed"),
    "🙁": ("triste", "sad"),
    "☹": ("triste", "sad"),
    "😒": ("fastidiado", "annoyed"),
    "🙄": ("fastidio", "annoying"),
    "😤": ("molesto", "annoyed"),
    "😐": ("regular", "meh"),
    "😑": ("indiferente", "meh"),
    "🤔": ("dudoso", "doubtful"),
    "❌": ("mal", "wrong"),
    # what the complaint is about
    "🐢": ("lento", "slow"),
    "⏳": ("espera", "waiting"),
    "⌛": ("espera", "waiting"),
    "🥶": ("frío", "cold"),
    "🥵": ("picante", "spicy"),
    "🌶": ("picante", "spicy"),
    "🧂": ("salado", "salty"),
    "💸": ("caro", "expensive"),
    "🤏": ("poquito", "tiny"),
}

EMOJI_WORDS: MappingProxyType[str, tuple[str, str]] = MappingProxyType(_WORDS)

_SKIN_TONES = frozenset(chr(c) for c in range(0x1F3FB, 0x1F400))
_VARIATION = "\ufe0f"


def base_emoji(emoji: str) -> str:
    """The emoji without variation selector or skin tone, the way the map is keyed."""
    return "".join(ch for ch in emoji if ch != _VARIATION and ch not in _SKIN_TONES)


def emoji_word(emoji: str, lang: str = "es") -> str | None:
    """The word for one emoji in ``lang`` ("es" or "en"), or None when it has no entry."""
    pair = _WORDS.get(base_emoji(emoji))
    if pair is None:
        return None
    return pair[1] if lang == "en" else pair[0]
