/work/main/fuzz/build/engine/listings.o: /work/main/engine/listings.c \
  /work/main/engine/listing.h

/work/main/engine/listing.h:
