/work/main/fuzz/build/engine/search.o: /work/main/engine/search.c \
  /work/main/config.h /work/main/engine/search.h \
  /work/main/engine/trace.h

/work/main/config.h:

/work/main/engine/search.h:

/work/main/engine/trace.h:
