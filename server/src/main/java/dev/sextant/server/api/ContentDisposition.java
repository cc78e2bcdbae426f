package dev.sextant.server.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Content-Disposition values (RFC 6266) with an ASCII fallback name and the exact UTF-8 name. */
public final class ContentDisposition {
    private ContentDisposition() {}

    public static String attachment(String fileName) {
        return "attachment" + names(fileName);
    }

    static String inline(String fileName) {
        return "inline" + names(fileName);
    }

    private static String names(String fileName) {
        var ascii = new StringBuilder();
        fileName.codePoints().forEach(cp -> ascii.append(cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\' && cp != ';' ? (char) cp : '_'));
        String encoded = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
        return "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
