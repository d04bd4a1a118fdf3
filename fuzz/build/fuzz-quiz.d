/work/main/fuzz/build/fuzz-quiz.o: /work/main/fuzz/fuzz-quiz.c \
  /work/main/fuzz/fuzz.h /work/main/engine/grade.h \
  /work/main/engine/mm.h /work/main/engine/rbtree.h \
  /work/main/engine/trace.h /work/main/engine/vm.h \
  /work/main/engine/quiz.h

/work/main/fuzz/fuzz.h:

/work/main/engine/grade.h:

/work/main/engine/mm.h:

/work/main/engine/rbtree.h:

/work/main/engine/trace.h:

/work/main/engine/vm.h:

/work/main/engine/quiz.h:
