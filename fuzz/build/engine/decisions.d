/work/main/fuzz/build/engine/decisions.o: /work/main/engine/decisions.c \
  /work/main/engine/trace.h

/work/main/engine/trace.h:
