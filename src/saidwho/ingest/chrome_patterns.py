"""The line patterns that mark page chrome in scraped text: comment forms, share and like widgets, menus,
subscription prompts, cookie notices, post metadata, book promotions and author bios. Each pattern is matched
against one stripped line (lines longer than ``MAX_CHROME_CHARS`` are never chrome)."""

from __future__ import annotations

import re

MAX_CHROME_CHARS = 600

_I = re.IGNORECASE


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), _I)


# Whole-line chrome, whatever the line says otherwise (lines are at most MAX_CHROME_CHARS long here).
CHROME_HARD = _any(
    # comment forms (WordPress and friends)
    r"^leave an? (reply|comment|response)\b.{0,80}$",
    r"^cancel reply$",
    r"^your email address will not be published\b.*$",
    r"^required fields are marked\b.*$",
    r"^(post|submit|add|write|view|show|hide|load more|read) (a |your |all |the )?(comments?|replies|responses)\b.{0,20}$",
    r"^notify me of\b.{0,80}$",
    r"^(you are )?commenting using your\b.*$",
    r"^fill in your details below\b.*$",
    r"^enter your comment here\W*$",
    r"^(name|e-?mail|website|url|comment)\s*(\((required|optional)\)|\*)?\s*\*?:?$",
    r"^save my name, email,? and website\b.*$",
    r"^connecting to %s$",
    r"^\(?\s*log ?out\s*/\s*change\s*\)?$",
    r"^this site uses akismet\b.*$",
    r"^(\d+|one|no) (comments?|responses?|replies|thoughts?)\s*:?$",
    r"^comments are closed\.?$",
    r"^(reply|report|permalink|edit|reblog)( ↓)?$",
    r"^be the first to (like|comment|reply)\b.*$",
    # like / share widgets
    r"^(%d|\d+|one) (bloggers?|people|persons?) likes? this\W*$",
    r"^(like|share|tweet|email|e-mail|print|pin|save|share it|share this( article| story| post| page)?)\s*:?$",
    r"^(like )?loading\s*(\.\.\.|…)?$",
    r"^click to (share|email|e-mail|print|tweet|pin|post|like)\b.{0,120}$",
    r"^.{0,80}\(opens in new window\)$",
    r"^share (on|via|to|with) .{1,40}$",
    r"^(facebook|twitter|x|linkedin|reddit|whatsapp|telegram|tumblr|pinterest|pocket|flipboard|threads|"
    r"bluesky|mastodon|messenger|skype|more|copy link|copy|email this|print this|pin it|share this)\s*:?$",
    r"^(related|related (posts?|articles?|stories|story|content|reading|coverage|links?|topics))\s*:?$",
    # site furniture
    r"^(blog|website|site|create a (free )?(website|blog)) (at|with) wordpress\.com\.?\s*(\S.{0,40})?$",
    r"^visit (my|our|his|her|the author's) (website|site|blog|store|shop|page)\b.{0,60}$",
    r"^subscribe\b(\W*\w+){0,14}\W*$",
    r"^follow( us| me| along)?( on .{1,40}| here| below| @\w+)?\s*[:!.]?$",
    r"^follow .{1,60} on (twitter|x|facebook|instagram|linkedin|youtube|tiktok|threads|bluesky|mastodon|substack)\b.{0,60}$",
    r"^follow @\w+.{0,40}$",
    r"^(advertisement|advertising|sponsored( content)?|ad|promoted|partner content)$",
    r"^(skip to (main )?content|skip navigation|toggle navigation|main menu|primary menu|open menu|close menu|"
    r"menu|search|search for:?|search …|search \.\.\.|home|close|back to top|scroll to top|top|continue reading.{0,3}|"
    r"read more.{0,3}|show more|load more|(older|newer) (posts|entries)|previous|next|« previous|next »)$",
    r"^(accept|accept all|reject|reject all|decline|got it|ok|i agree|agree|"
    r"manage (cookies|preferences|settings|options)|cookie (settings|policy|preferences))\s*!?$",
    r"^(share|print|email|comments?)\s*\(\d+\)$",
    r"^(©|\(c\)|copyright\s+(©\s*)?\d{4}\b).{0,200}$",
    r"^.{0,160}\ball rights reserved\b.{0,60}$",
)

# Chrome unless the line reads as a sentence ("Published in 1998, the report ..." is article text).
CHROME_SOFT = _any(
    r"^(proudly )?powered by\b.{0,80}$",
    r"^theme:? .{1,60} by .{1,60}$",
    r"^(sign up|sign in|log in|login|register|join)( now| here| today| for| to| free)\b.{0,80}$",
    r"^(previous|next) (post|article|story|entry)\b.{0,120}$",
    r"^(read (more|also|next)|see also|also read|more on this( story)?)\s*:.{0,160}$",
    r"^(copyright|©|\(c\))\s.{0,200}$",
    r"^(posted|published|filed) (in|under)\b.{0,300}$",
    r"^(posted|published|written|updated) (on|by)\b.{0,120}$",
    r"^(tags?|tagged( with)?|categories|category|filed under|topics)\s*:.{0,300}$",
    r"^tagged\b.{0,300}$",
    r"^privacy (policy|&|and) .{0,80}$",
)

# A cookie notice: the word and consent vocabulary in one line.
COOKIE_WORD = re.compile(r"\bcookies?\b", _I)
COOKIE_CONTEXT = re.compile(
    r"\b(we use|this (web)?site uses|uses cookies|accept|consent|by continuing|continue to use|cookie policy|"
    r"privacy policy|settings|preferences|you agree|agree to|best experience|find out more|learn more)\b",
    _I,
)

# Starts a comment section: everything after it is comments and the comment form.
COMMENT_SECTION = _any(
    r"^leave an? reply\b.{0,80}$",
    r"^(\d+|one|two|three|four|five|six|seven|eight|nine|ten) (thoughts?|responses?|comments?|replies) (on|to)\b.{0,200}$",
    r"^comments are closed\.?$",
    r"^(join|start) the (discussion|conversation)\W*$",
)

# Headers of "related posts" lists; the short lines after them are link titles.
RELATED_HEAD = _any(
    r"^(related|related (posts?|articles?|stories|story|content|reading|coverage|links?|topics))\s*:?$",
    r"^(you (may|might) (also )?(like|enjoy)|more (stories|from .{1,40}|on this)|recommended( for you)?|"
    r"trending( now)?|popular( posts)?|recent (posts|articles)|most (read|popular|viewed)|read next|"
    r"what to read next|further reading|similar posts?|around the web|from the web|more in .{1,40})\s*:?$",
)

# Promotion and author bio, looked for only in the trailing paragraphs of a document.
PROMO = _any(
    r"\bavailable (now )?(on|at|from|in|wherever) (amazon|barnes|kindle|bookshop|indiebound|apple books|"
    r"audible|google play|all (major )?(book|online)|fine book|your (local|favou?rite) book|books are sold)",
    r"\b(buy|order|get|find) (it|them|the book|a copy|copies|(my|his|her|their) (new )?book)? ?(on|at|from) amazon\b",
    r"\bbuy (the|my|his|her|their|a|your) (new |latest )?(book|copy|novel)\b",
    r"\b(order|pre-?order) (it |your copy |a copy |the book |yours )?(now|today|here)\b",
    r"\bget your (signed )?copy\b",
    r"\bpre-?order\b",
    r"\b(my|his|her|their) (new|latest|forthcoming|upcoming|bestselling|best-selling|debut) (book|novel|memoir)\b",
    r"\bis the (author|co-?author|editor) of\b",
    r"\bauthor of (the )?(new |forthcoming |bestselling |best-selling |award-winning )?(book|novel|memoir)",
    r"\b(new york times |national )?(bestselling|best-selling) (author|book|novel)\b",
    r"^about the (author|writer)\b",
    r"\bin bookstores\b",
    r"\b(learn|find out|read) more (at|about (my|his|her) (work|books?))\b",
    r"\b(newsletter|podcast|patreon|substack)\b.{0,80}\b(subscribe|sign up|join|support)\b",
    r"\bsupport (my|our|this) (work|writing|blog|site)\b",
    r"^[\W_]*(\w[\w.'’-]*\s){1,4}is an? (freelance |staff |senior |contributing |award-winning )?"
    r"(author|writer|journalist|columnist|contributor|novelist|blogger|editor|reporter|correspondent|"
    r"commentator|essayist|poet|fellow|senior fellow)\b",
    r"^[\W_]*(\w[\w.'’-]*\s){1,4}(writes|blogs) (about|for|at|on)\b",
)

# "By Jane Doe" or "By Jane Doe and John Roe, Staff Writers".
BYLINE = re.compile(
    r"^[Bb][Yy]:?\s+((?:[A-Z][\w.'’-]*\.?)(?:\s+(?:[A-Z][\w.'’-]*\.?|de|van|von|der|da|di|la|le|bin|al))*"
    r"(?:\s*(?:,|and|&)\s*(?:[A-Z][\w.'’-]*\.?)(?:\s+(?:[A-Z][\w.'’-]*\.?|de|van|von|der|da|di|la|le))*)*)"
    r"(?:\s*[,|–—-]\s*.{0,60})?$"
)

_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_LINE = _any(
    rf"^((mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?{_MONTH}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}"
    r"(\s*(at\s*)?\d{1,2}[:.]\d{2}\s*([ap]\.?m\.?)?(\s*[A-Z]{2,4})?)?\W*$",
    rf"^\d{{1,2}}\s+{_MONTH}\s+\d{{4}}(\s*(at\s*)?\d{{1,2}}[:.]\d{{2}}\s*([ap]\.?m\.?)?)?\W*$",
    r"^\d{4}-\d{2}-\d{2}([ t]\d{2}:\d{2}(:\d{2})?)?\W*$",
    r"^\d{1,2}/\d{1,2}/\d{2,4}\W*$",
    r"^(updated|published|posted)?:?\s*\d+ (minutes?|hours?|days?|weeks?) ago\W*$",
)

CATEGORY_LINE = re.compile(r"^in [\"“'‘]?[\w &'’-]{1,40}[\"”'’]?$", _I)
WITH_COMMENTS = re.compile(r"^with \d+ comments?$", _I)

QUOTE_MARK = re.compile("[\"\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a]|(?:^|\\s)[\u2018']\\w")
CUE = re.compile(
    r"\b(said|says|say|told|tells|tell|added|adds|asked|asks|according to|stated|states|wrote|writes|argued|"
    r"argues|claimed|claims|explained|explains|noted|notes|insisted|insists|warned|warns|declared|replied|"
    r"responded|continued|recalled|tweeted|announced|admitted|acknowledged|insist|added)\b",
    _I,
)
SENTENCE_END = re.compile("[.!?…][\"'\u201d\u2019)\\]]*$")
