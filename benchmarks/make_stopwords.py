#!/usr/bin/env python3
"""Write src/newsclean/data/stopwords.txt: the most frequent words of many languages.

    python benchmarks/make_stopwords.py     (needs the bench extra: pip install -e '.[bench]')

Function words ("the", "und", "что") are frequent in running text and rare in menus and
buttons: the share of them in a line is one of the line model's signs of prose. The lists
come from jusText (BSD 2-Clause License, Copyright (c) 2011 Jan Pomikálek, 2018 Michal
Belica), which orders each language's words by frequency; the first WORDS_PER_LANGUAGE of
each are kept. Chinese, Japanese and Korean are written without spaces, so for them the
file holds single function characters and particles, counted per character.
"""
from __future__ import annotations

from pathlib import Path

import justext

WORDS_PER_LANGUAGE = 150
LANGUAGES = [
    "Arabic", "Bulgarian", "Catalan", "Croatian", "Czech", "Danish", "Dutch", "English", "Estonian",
    "Finnish", "French", "German", "Greek", "Hebrew", "Hindi", "Hungarian", "Indonesian", "Italian",
    "Latvian", "Lithuanian", "Malay", "Norwegian_Bokmal", "Persian", "Polish", "Portuguese", "Romanian",
    "Russian", "Serbian", "Slovak", "Slovenian", "Spanish", "Swedish", "Tagalog", "Turkish", "Ukrainian",
    "Vietnamese",
]
# Frequent function characters and particles of Chinese, Japanese and Korean.
CJK = ("的了是在和有我他这中为上个以要们到说就也会而与对及等被将其但所从并之于地得着过还都能没来把让给很更最"
       "のはがをにでとたしてもないかるれらすこそあうまんよりへや"
       "은는이가을를에의로와과도만")
TARGET = Path(__file__).resolve().parents[1] / "src" / "newsclean" / "data" / "stopwords.txt"


def main() -> None:
    words: set[str] = set()
    for language in LANGUAGES:
        # The files, unlike justext.get_stoplist, keep the words in order of frequency.
        listed = (Path(justext.__file__).parent / "stoplists" / f"{language}.txt").read_text(encoding="utf-8")
        words.update(w.strip().casefold() for w in listed.splitlines()[:WORDS_PER_LANGUAGE] if w.strip())
    header = ("# Frequent function words of many languages, one a line; single CJK function characters last.\n"
              "# Made by benchmarks/make_stopwords.py from jusText's stop lists (BSD 2-Clause License,\n"
              "# Copyright (c) 2011 Jan Pomikalek, 2018 Michal Belica).\n")
    TARGET.write_text(header + "\n".join(sorted(words)) + "\n" + "\n".join(CJK) + "\n", encoding="utf-8")
    print(f"{TARGET}: {len(words)} words, {len(CJK)} CJK characters")


if __name__ == "__main__":
    main()
