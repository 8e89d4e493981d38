package dev.retort.runtime;

/**
 * What {@link Retort#acceptChecksum(String)} recorded.
 *
 * @param id the revision whose new checksum was accepted
 * @param previous the checksum recorded before, or null if there was none
 * @param accepted this build's checksum, now recorded
 */
public record AcceptedChecksum(String id, String previous, String accepted) {}
