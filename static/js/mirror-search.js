/* The search page of the static mirror (archive/mirror.py, templates/archive/mirror_search.html).

   Names are looked up in a prebuilt index: search-index/index.js lists the shards, and each shard is a
   small script holding the records whose words begin with its key. Both are loaded as <script> elements,
   not with fetch(), because a page opened from disk (file://) may load scripts but not read files. The
   query is normalized as the server normalizes names (archive/normalize.py): the two must agree, and
   tests/mirror/test_search_script.py checks that they do.

   A classic script, not a module: browsers refuse modules from file://. Without it the page shows the
   lists, which hold every name too. */
(function () {
  "use strict";

  // archive/normalize.py, line for line.
  var LETTERS = {
    "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0626": "\u06cc", "\u0643": "\u06a9", "\u0629": "\u0647",
    "\u06c0": "\u0647", "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
    "\u0624": "\u0648", "\u06be": "\u0647", "\u0621": "", "\u0640": "", "\u200c": " ", "\u200d": "",
    "\u200f": "", "\u200e": "", "\u00a0": " ", "\u202f": " "
  };
  var LETTER_FORMS = /[\u064a\u0649\u0626\u0643\u0629\u06c0\u0623\u0625\u0622\u0671\u0624\u06be\u0621\u0640\u200c\u200d\u200f\u200e\u00a0\u202f]/g;
  var DIGITS = "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669";
  var OTHER_DIGITS = /[\u06f0-\u06f9\u0660-\u0669]/g;
  var ARABIC_MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]/g;
  var APOSTROPHES = /['\u2018\u2019\u02bc\u02bb\u02be\u02bf`\u00b4]/g;
  var COMBINING = /\p{M}/gu;
  var SEPARATORS = /[^\p{L}\p{N}]+/gu;
  var FINAL_H = /([ae])h(?![\p{L}\p{N}])/gu;
  var DOUBLED = /(.)\1+/gu;
  var LATIN_VARIANTS = [
    ["ou", "u"], ["oo", "u"], ["ee", "i"], ["gh", "q"], ["kh", "x"], ["zh", "j"], ["ph", "f"],
    ["w", "v"], ["y", "i"], ["u", "o"], ["e", "a"]
  ];

  function letters(text) {
    return text.replace(LETTER_FORMS, function (c) { return LETTERS[c]; });
  }

  function normalize(text) {
    if (!text) {
      return "";
    }
    text = letters(text.normalize("NFC"));
    text = text.replace(OTHER_DIGITS, function (c) { return String(DIGITS.indexOf(c) % 10); });
    text = text.replace(ARABIC_MARKS, "").replace(APOSTROPHES, "");
    text = text.normalize("NFKD").replace(COMBINING, "");
    text = letters(text.normalize("NFC"));
    text = text.toLowerCase().replace(/\u00df/g, "ss").replace(SEPARATORS, " ");
    return text.trim().split(/\s+/).filter(Boolean).join(" ");
  }

  function latinSkeleton(word) {
    LATIN_VARIANTS.forEach(function (pair) {
      word = word.split(pair[0]).join(pair[1]);
    });
    return word.replace(DOUBLED, "$1");
  }

  function withoutFinalH(text) {
    return normalize(text).replace(FINAL_H, "$1");
  }

  function skeleton(text) {
    return latinSkeleton(withoutFinalH(text).split(" ").join(""));
  }

  function wordSkeletons(text) {
    return withoutFinalH(text).split(" ").filter(Boolean).map(latinSkeleton);
  }

  // Loading the index: each script calls back into window.MirrorSearch.
  var manifest = null;
  var shards = {};
  var waiting = {};

  window.MirrorSearch = {
    manifest: function (value) {
      manifest = value;
    },
    shard: function (key, entries) {
      shards[key] = entries;
    },
    // For the tests, which compare these with archive/normalize.py.
    normalize: normalize,
    skeleton: skeleton,
    wordSkeletons: wordSkeletons
  };

  var box = document.getElementById("mirror-search");
  if (!box) {
    return;
  }
  var LIMIT = 100;
  var data = box.dataset;
  var status = document.getElementById("mirror-status");
  var results = document.getElementById("mirror-results");
  var input = document.getElementById("mirror-q");
  var persian = document.documentElement.lang === "fa";

  // The same file names as archive/mirror.py shard_file(): code points in hex.
  function shardFile(key) {
    return Array.from(key).map(function (c) { return c.codePointAt(0).toString(16); }).join("-") + ".js";
  }

  function digits(value) {
    var text = String(value);
    return persian ? text.replace(/[0-9]/g, function (d) { return DIGITS.charAt(Number(d)); }) : text;
  }

  function say(template, values) {
    status.textContent = template.replace(/\{(\w+)\}/g, function (all, name) {
      return values && name in values ? values[name] : all;
    });
  }

  function load(file, done) {
    var script = document.createElement("script");
    script.src = data.index + file;
    script.onload = done;
    script.onerror = function () {
      say(data.failed);
    };
    document.head.appendChild(script);
  }

  function loadShard(key, done) {
    if (shards[key]) {
      done(shards[key]);
      return;
    }
    if (waiting[key]) {
      waiting[key].push(done);
      return;
    }
    waiting[key] = [done];
    load(shardFile(key), function () {
      var callbacks = waiting[key];
      delete waiting[key];
      callbacks.forEach(function (callback) { callback(shards[key] || []); });
    });
  }

  // The shard to read for a word: the longest key that begins it. It is of use only when it holds
  // every word beginning so (a shard not split further), or the word is the key itself.
  function shardFor(word) {
    for (var length = word.length; length > 0; length -= 1) {
      var key = word.slice(0, length);
      var info = manifest.shards[key];
      if (info) {
        var split = info[1] === 1;
        var useful = length === word.length || (!split && length >= Math.min(2, word.length));
        return useful ? { key: key, size: info[0], exactOnly: split, total: info[2] } : null;
      }
    }
    return null;
  }

  // 0: a word of the name is the query word; 1: begins with it; 2: holds it; -1: no word does.
  function wordRank(words, query) {
    var best = -1;
    for (var i = 0; i < words.length; i += 1) {
      var word = words[i];
      var rank = word === query ? 0 : word.indexOf(query) === 0 ? 1 : word.indexOf(query) > 0 ? 2 : -1;
      if (rank >= 0 && (best < 0 || rank < best)) {
        best = rank;
      }
    }
    return best;
  }

  function rank(entry, queryWords, compact) {
    var words = entry[0].split(" ");
    var total = 0;
    for (var i = 0; i < queryWords.length; i += 1) {
      var found = wordRank(words, queryWords[i]);
      if (found < 0) {
        total = -1;
        break;
      }
      total += found;
    }
    if (total >= 0) {
      return total;
    }
    var whole = wordRank(words, compact);
    return whole === 0 || whole === 1 ? whole + queryWords.length : -1;
  }

  function displayName(entry) {
    return persian ? entry[2] || entry[1] : entry[1] || entry[2];
  }

  function show(found, query, chosen) {
    results.textContent = "";
    if (!found.length) {
      say(data.none);
      if (chosen.exactOnly) {
        status.textContent += " " + data.more;
      }
      return;
    }
    var names = found.length === 1 ? data.foundOne : data.foundMany;
    say(names, { count: digits(found.length), query: query });
    if (found.length > LIMIT) {
      status.textContent += " " + data.first.replace("{shown}", digits(LIMIT));
    }
    if (chosen.exactOnly) {
      status.textContent += " " + data.more;
    }
    found.slice(0, LIMIT).forEach(function (item) {
      var entry = item.entry;
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.root + data.prefix + encodeURI(entry[3]) + "index.html";
      var name = document.createElement("span");
      name.className = "name";
      name.textContent = displayName(entry);
      link.appendChild(name);
      var other = persian ? entry[1] : entry[2];
      if (other && other !== name.textContent) {
        var otherName = document.createElement("span");
        otherName.className = "other-name";
        otherName.lang = persian ? "en" : "fa";
        otherName.textContent = other;
        link.appendChild(document.createTextNode(" "));
        link.appendChild(otherName);
      }
      li.appendChild(link);
      var kind = data["kind" + entry[4].charAt(0).toUpperCase() + entry[4].slice(1)];
      if (kind) {
        var meta = document.createElement("span");
        meta.className = "meta";
        meta.textContent = " " + kind;
        li.appendChild(meta);
      }
      results.appendChild(li);
    });
  }

  function search(query) {
    var queryWords = wordSkeletons(query);
    var compact = skeleton(query);
    if (compact.length < 2) {
      say(data.short);
      return;
    }
    say(data.loading);
    var candidates = queryWords.length > 1 ? queryWords.concat([compact]) : queryWords;
    // The smallest shard that holds every name the query can match; one holding only the names with
    // a word equal to the query word comes last.
    var chosen = null;
    candidates.forEach(function (candidate) {
      var shard = shardFor(candidate);
      var better = shard && (!chosen || (chosen.exactOnly && !shard.exactOnly) ||
        (chosen.exactOnly === shard.exactOnly && shard.size < chosen.size));
      if (better) {
        chosen = shard;
      }
    });
    if (!chosen || !chosen.size) {
      show([], query, chosen || {});
      return;
    }
    loadShard(chosen.key, function (entries) {
      var found = [];
      entries.forEach(function (entry) {
        var r = rank(entry, queryWords, compact);
        if (r >= 0) {
          found.push({ entry: entry, rank: r, name: displayName(entry) });
        }
      });
      found.sort(function (a, b) {
        return a.rank - b.rank || a.name.localeCompare(b.name, persian ? "fa" : "en");
      });
      show(found, query, chosen);
    });
  }

  box.hidden = false;
  var query = new URLSearchParams(window.location.search).get("q") || "";
  if (input && query) {
    input.value = query;
  }
  if (query.trim()) {
    load("index.js", function () {
      if (manifest) {
        search(query);
      } else {
        say(data.failed);
      }
    });
  }
})();
