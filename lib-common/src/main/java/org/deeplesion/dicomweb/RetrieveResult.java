package org.deeplesion.dicomweb;

/**
 * What one WADO-RS retrieve delivered, counted on the attempt that succeeded.
 *
 * @param instances how many parts the response held
 * @param bytes the parts' body bytes, part headers and boundaries left out
 */
public record RetrieveResult(int instances, long bytes) {}
