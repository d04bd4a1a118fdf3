/work/main/fuzz/build/engine/grade-sys.o: /work/main/engine/grade-sys.c \
  /work/main/engine/grade-sys.h

/work/main/engine/grade-sys.h:
