/**
 * The byte forms values take between Spark stages and in files: float arrays (crops, resampled planes, proposals)
 * as little-endian bytes, and networks as DL4J model files.
 */
package org.deeplesion.encoding;
