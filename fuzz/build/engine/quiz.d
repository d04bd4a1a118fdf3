/work/main/fuzz/build/engine/quiz.o: /work/main/engine/quiz.c \
  /work/main/engine/quiz.h /work/main/engine/grade.h \
  /work/main/engine/mm.h /work/main/engine/rbtree.h \
  /work/main/engine/trace.h /work/main/engine/vm.h \
  /work/main/engine/run.h /work/main/engine/scenario.h

/work/main/engine/quiz.h:

/work/main/engine/grade.h:

/work/main/engine/mm.h:

/work/main/engine/rbtree.h:

/work/main/engine/trace.h:

/work/main/engine/vm.h:

/work/main/engine/run.h:

/work/main/engine/scenario.h:
