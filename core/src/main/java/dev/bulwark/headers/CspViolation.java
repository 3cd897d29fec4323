package dev.bulwark.headers;

/**
 * One CSP violation a browser reported, reduced to what an operator needs and may keep: the
 * directive, what was blocked ({@code inline}, {@code eval}, {@code data}, or an origin: never a
 * path or query, which may hold personal data), the page's path, and the browser's sample of the
 * blocked code, at most 40 characters, when the policy asks for one ({@code 'report-sample'}).
 *
 * @param directive the effective directive, such as {@code script-src-elem}
 * @param blocked {@code inline}, {@code eval}, {@code wasm-eval}, a scheme such as {@code data},
 *     an origin such as {@code https://cdn.example.com}, or {@code ?}
 * @param page the path of the page the violation happened on, or {@code ?}
 * @param sample the code sample, or the empty string
 * @param enforced whether the browser blocked it ({@code false}: a report-only policy)
 */
public record CspViolation(String directive, String blocked, String page, String sample, boolean enforced) {}
