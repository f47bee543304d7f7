/*
 * sie_pipe — sie_read on a thread of its own, so that reading a file and
 * acting on what it holds overlap.
 *
 * An import spends about as long reading and checking a SIE file as it
 * does storing what it read. sie_pipe_read runs sie_read on a second
 * thread, which copies every event and warning into blocks of a bounded
 * queue; the calling thread takes them in order and calls the handler
 * just as sie_read would: the same events in the same order, each with
 * the header as it stood when the event was read, valid during the call.
 * At most SIE_PIPE_BLOCKS blocks of about SIE_PIPE_BLOCK_BYTES are in
 * flight, so memory stays bounded whatever the file's size.
 *
 * When the handler returns false, the reading thread is stopped and its
 * result dropped: the handler's error is returned. When the file is bad,
 * the handler has seen the events before the fault (as with sie_read)
 * and the reader's error is returned. Only the calling thread ever calls
 * the handler, so it may use a database connection of its own.
 */
#ifndef FINSAM_SIE_PIPE_H
#define FINSAM_SIE_PIPE_H

#include "sie/sie_reader.h"

#define SIE_PIPE_BLOCKS 4
#define SIE_PIPE_BLOCK_EVENTS 512
#define SIE_PIPE_BLOCK_BYTES (256 * 1024)

/* As sie_read. Options with rows_only are read on the calling thread. */
bool sie_pipe_read(const char *path, int fd, const struct sie_read_options *opt,
		   const struct sie_handler *h, struct sie_summary *summary, struct error *err);

#endif
