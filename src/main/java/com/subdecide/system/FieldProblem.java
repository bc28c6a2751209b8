package com.subdecide.system;

/**
 * One offending field of a request.
 *
 * @param path    JSON path of the field, e.g. {@code $.watchlist[2].rec_score}
 * @param code    stable machine-readable code, e.g. {@code too_many_decimals}
 * @param message plain-language explanation
 */
public record FieldProblem(String path, String code, String message) {
}
