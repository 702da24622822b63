/**
 * The public DeepLesion release's file conventions: {@code DL_info.csv} (its columns, 1-based pixel coordinates and
 * coarse lesion types) and the {@code Images_png} 16-bit PNGs (HU + 32768), read and written.
 */
package org.deeplesion.release;
