"""Rules files too big or too deep to commit, made at test time: deep nesting (stack exhaustion), very
long lines and texts, huge interpolations, floods of errors. Each is malformed: linting it must give
exit status 1 with a diagnostic, quickly, and never crash.

    for name, what, data in hostile_rules(): ...   # data is bytes
"""

HEAD = ('sheet "Corporate KPIs"\nkey "PI Code"\nfield title = "Indicator"\nfield annual = "Annual target"\n'
        'series actual = "Apr" .. "Mar" monthly from 2024-04\n')
DEPTH = 100000


def hostile_rules():
    cases = [
        ("deep-parentheses", "%d nested parentheses" % DEPTH, "let x = " + "(" * DEPTH + "1" + ")" * DEPTH),
        ("deep-open-parentheses", "%d parentheses opened, never closed" % DEPTH, "let x = " + "(" * DEPTH),
        ("deep-not", "not repeated %d times" % DEPTH, "let x = " + "not " * DEPTH + "true"),
        ("deep-minus", "a minus sign repeated %d times" % DEPTH, "let x = " + "-" * DEPTH + "1"),
        ("deep-plus", "a plus sign repeated %d times" % DEPTH, "let x = " + "+" * DEPTH + "1"),
        ("deep-power", "2^2^...^2, %d powers (right-associative)" % DEPTH, "let x = " + "2^" * DEPTH + "2"),
        ("deep-subscripts", "actual[actual[...]] %d deep" % (DEPTH // 2),
         "let x = " + "actual[" * (DEPTH // 2) + "1" + "]" * (DEPTH // 2)),
        ("deep-calls", "abs(abs(...)) %d deep" % (DEPTH // 2), "let x = " + "abs(" * (DEPTH // 2) + "1" + ")" * (DEPTH // 2)),
        ("deep-if", "if(true, if(true, ...)) %d deep" % (DEPTH // 10),
         "let x = " + "if(true, " * (DEPTH // 10) + "1" + ", 0)" * (DEPTH // 10)),
        ("deep-in", "x in (x in (...)) %d deep" % (DEPTH // 10),
         "let x = " + "1 in (" * (DEPTH // 10) + "1" + ")" * (DEPTH // 10)),
        ("deep-interpolation", "a message interpolating %d nested parentheses" % DEPTH,
         'flag high "{' + "(" * DEPTH + "1" + ")" * DEPTH + '}" when true'),
        ("long-chain", "1 + 1 + ... with 200,000 terms, ending in an operator", "let x = " + " + ".join(["1"] * 200000) + " +"),
        ("long-and-chain", "true and true and ... 100,000 terms, then an unknown name",
         "let x = " + " and ".join(["true"] * 100000) + " and nosuchname"),
        ("long-line", "a 1,000,000-character name", "let " + "a" * 1000000 + " = nosuchname"),
        ("long-text", "an unterminated text of 1,000,000 characters", 'flag high "' + "x" * 1000000),
        ("huge-interpolation", "a message with 20,000 interpolations, one of them unknown",
         'flag high "' + "{title} " * 20000 + '{nosuchname}" when true'),
        ("huge-choice-list", "x in (...) with 100,000 choices and a stray comma",
         "let x = title in (" + ", ".join('"c%d"' % i for i in range(100000)) + ",)"),
        ("huge-profile", "a profile of 100,000 weights and one word", "profile p = " + " 1" * 100000 + " two"),
        ("error-flood", "20,000 lines that are not statements", "\n".join("bogus line %d" % i for i in range(20000))),
        ("many-lets", "50,000 lets in a chain, the last one broken",
         "let v0 = 1\n" + "\n".join("let v%d = v%d + 1" % (i, i - 1) for i in range(1, 50000)) + "\nlet bad = v49999 +"),
    ]
    return [(name, what, ("# robust: %s\n" % what + HEAD + body + "\n").encode("utf-8")) for name, what, body in cases]
