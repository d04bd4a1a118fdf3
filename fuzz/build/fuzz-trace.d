/work/main/fuzz/build/fuzz-trace.o: /work/main/fuzz/fuzz-trace.c \
  /work/main/fuzz/fuzz.h /work/main/engine/trace-read.h \
  /work/main/engine/trace.h

/work/main/fuzz/fuzz.h:

/work/main/engine/trace-read.h:

/work/main/engine/trace.h:
