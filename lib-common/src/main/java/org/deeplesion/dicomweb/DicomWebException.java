package org.deeplesion.dicomweb;

import java.io.IOException;

/**
 * An HTTP answer the client did not retry, or ran out of retries for. The message names the method, the URL (which
 * never carries credentials) and the status, e.g.
 * {@code DICOMweb GET http://host:8042/dicom-web/studies?limit=100&offset=0: HTTP 401 Unauthorized}.
 */
public final class DicomWebException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String url;

    public DicomWebException(String method, String url, int status, String detail) {
        super("DICOMweb " + method + " " + url + ": HTTP " + status + " " + reason(status)
                + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
        this.status = status;
        this.url = url;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The request's URL. */
    public String url() {
        return url;
    }

    static String reason(int status) {
        return switch (status) {
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }
}
