package io.sluice.cli.internal;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes what commands print with every control character but newline and tab escaped ({@code \e}, {@code \x07},
 * {@code \u009b}), so a job name or value from a file holding {@code \e[2J} shows as text instead of clearing the
 * screen.
 */
final class EscapingWriter extends FilterWriter {

    EscapingWriter(Writer out) {
        super(out);
    }

    /** The text as this writer prints it. */
    static String escape(String text) {
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c)) {
                if (escaped == null) {
                    escaped = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                append(escaped, c);
            } else if (escaped != null) {
                escaped.append(c);
            }
        }
        return escaped == null ? text : escaped.toString();
    }

    @Override
    public void write(int c) throws IOException {
        if (isControl((char) c)) {
            out.write(escape(String.valueOf((char) c)));
        } else {
            out.write(c);
        }
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        write(new String(buffer, offset, length), 0, length);
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        String part = text.substring(offset, offset + length);
        out.write(escape(part));
    }

    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
    }

    private static void append(StringBuilder into, char c) {
        if (c == 0x1b) {
            into.append("\\e");
        } else if (c == '\r') {
            into.append("\\r");
        } else if (c < 0x80) {
            into.append(String.format("\\x%02x", (int) c));
        } else {
            into.append(String.format("\\u%04x", (int) c));
        }
    }
}
