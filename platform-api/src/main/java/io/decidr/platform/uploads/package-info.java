/**
 * Files for imports over HTTP ({@code POST /uploads}), streamed into the upload store, then named by an IMPORT job's
 * {@code upload} parameter; expired uploads are swept.
 */
package io.decidr.platform.uploads;
