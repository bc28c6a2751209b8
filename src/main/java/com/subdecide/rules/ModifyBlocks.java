package com.subdecide.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes DRL's {@code modify(fact) { setA(1), setB(2) }} and {@code with(...) { ... }} blocks of a consequence as
 * one Java call {@code __modify__(fact, setA(1), setB(2));}, keeping every line break, so the consequence parses
 * as Java with true line numbers and the changes are checked as calls on the fact.
 */
final class ModifyBlocks {

    private static final Pattern START = Pattern.compile("\\b(modify|with)\\s*\\(");

    private ModifyBlocks() {
    }

    static String rewrite(String code) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        Matcher m = START.matcher(code);
        while (from < code.length() && m.find(from)) {
            if (inLiteral(code, m.start())) {
                out.append(code, from, m.end());
                from = m.end();
                continue;
            }
            int close = matching(code, m.end() - 1, '(', ')');
            int brace = close < 0 ? -1 : skipSpace(code, close + 1);
            if (brace < 0 || brace >= code.length() || code.charAt(brace) != '{') {
                out.append(code, from, m.end());
                from = m.end();
                continue;
            }
            int end = matching(code, brace, '{', '}');
            if (end < 0) {
                out.append(code.substring(from));
                return out.toString();
            }
            String target = code.substring(m.end(), close);
            String between = code.substring(close + 1, brace);
            String changes = code.substring(brace + 1, end);
            boolean none = changes.isBlank();
            out.append(code, from, m.start()).append(CodeChecker.MODIFY).append('(').append(target)
                    .append(none ? "" : ", ").append(none ? "" : changes).append(");")
                    .append(lineBreaks(between)).append(none ? lineBreaks(changes) : "");
            from = end + 1;
            if (from < code.length() && code.charAt(from) == ';') {
                from++;
            }
        }
        out.append(code.substring(Math.min(from, code.length())));
        return out.toString();
    }

    private static String lineBreaks(String text) {
        return text.replaceAll("[^\\n]", "");
    }

    private static int skipSpace(String code, int at) {
        while (at < code.length() && Character.isWhitespace(code.charAt(at))) {
            at++;
        }
        return at;
    }

    /** The index of the bracket closing the one at {@code open}, skipping string and char literals; -1 if none. */
    private static int matching(String code, int open, char opening, char closing) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '"' || c == '\'') {
                i = endOfLiteral(code, i);
            } else if (c == opening) {
                depth++;
            } else if (c == closing && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int endOfLiteral(String code, int start) {
        char quote = code.charAt(start);
        for (int i = start + 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote || c == '\n') {
                return i;
            }
        }
        return code.length();
    }

    private static boolean inLiteral(String code, int at) {
        for (int i = 0; i < at; i++) {
            char c = code.charAt(i);
            if (c == '"' || c == '\'') {
                int end = endOfLiteral(code, i);
                if (end >= at) {
                    return true;
                }
                i = end;
            } else if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '/') {
                int nl = code.indexOf('\n', i);
                if (nl < 0 || nl >= at) {
                    return true;
                }
                i = nl;
            }
        }
        return false;
    }
}
